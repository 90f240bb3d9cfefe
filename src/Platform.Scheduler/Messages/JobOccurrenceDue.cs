namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler: an occurrence of a job is due. Sent through the message scheduler at the
/// occurrence's time; stale when the job has moved to another version meanwhile.</summary>
public sealed record JobOccurrenceDue
{
    public Guid JobId { get; init; }

    public int Version { get; init; }

    public DateTimeOffset ScheduledFor { get; init; }
}
