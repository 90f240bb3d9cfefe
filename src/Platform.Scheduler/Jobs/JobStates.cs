namespace Platform.Scheduler.Jobs;

/// <summary>Job state names, for queries over <see cref="JobState.CurrentState"/>.</summary>
public static class JobStates
{
    public const string Active = nameof(Active);
    public const string Paused = nameof(Paused);
    public const string Completed = nameof(Completed);
    public const string Cancelled = nameof(Cancelled);
}
