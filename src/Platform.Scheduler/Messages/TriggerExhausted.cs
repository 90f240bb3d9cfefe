namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A job's trigger has no more occurrences (its last one has fired).</summary>
public sealed record TriggerExhausted
{
    public Guid JobId { get; init; }

    public int Version { get; init; }

    /// <summary>Occurrences the trigger fired as runs in all: the job is done once it has received that many.</summary>
    public int Occurrences { get; init; }
}
