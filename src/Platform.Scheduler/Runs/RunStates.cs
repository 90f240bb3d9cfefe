namespace Platform.Scheduler.Runs;

/// <summary>Run state names, for queries over <see cref="RunState.CurrentState"/>.</summary>
public static class RunStates
{
    public const string WaitingForDependencies = nameof(WaitingForDependencies);
    public const string Queued = nameof(Queued);
    public const string Running = nameof(Running);
    public const string RetryScheduled = nameof(RetryScheduled);
    public const string Succeeded = nameof(Succeeded);
    public const string DeadLettered = nameof(DeadLettered);
    public const string TimedOut = nameof(TimedOut);
    public const string Cancelled = nameof(Cancelled);
    public const string Skipped = nameof(Skipped);

    /// <summary>States of a run that has not ended.</summary>
    public static readonly string[] InProgress = [WaitingForDependencies, Queued, Running, RetryScheduled];

    /// <summary>States of a run that has ended.</summary>
    public static readonly string[] Final = [Succeeded, DeadLettered, TimedOut, Cancelled, Skipped];
}
