namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A job's trigger has no more occurrences (its last one has fired).</summary>
public sealed record TriggerExhausted
{
    public Guid JobId { get; init; }

    public int Version { get; init; }
}
