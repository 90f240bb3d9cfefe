namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. SLA timer: the run should have succeeded by now (completeBy).</summary>
public sealed record RunCompletionDeadline
{
    public Guid RunId { get; init; }
}
