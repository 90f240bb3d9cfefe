namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A dead-lettered run was replayed: it is in progress again for its job.</summary>
public sealed record RunReplayed
{
    public Guid JobId { get; init; }

    public Guid RunId { get; init; }
}
