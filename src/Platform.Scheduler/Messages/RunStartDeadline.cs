namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. SLA timer: the run should have started by now (maxStartDelay).</summary>
public sealed record RunStartDeadline
{
    public Guid RunId { get; init; }
}
