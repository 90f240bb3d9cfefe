namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. SLA timer: the run has been running for maxRunDuration.</summary>
public sealed record RunDurationDeadline
{
    public Guid RunId { get; init; }
}
