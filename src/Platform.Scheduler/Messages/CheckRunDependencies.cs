namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A parent of a waiting run finished: the run looks at its parents again.</summary>
public sealed record CheckRunDependencies
{
    public Guid RunId { get; init; }
}
