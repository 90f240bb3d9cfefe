namespace Platform.Scheduler.Runs;

public static class DependencyChecks
{
    public const string Waiting = nameof(Waiting);
    public const string Met = nameof(Met);
    public const string ParentFailed = nameof(ParentFailed);
}
