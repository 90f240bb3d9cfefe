namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A run reached a final state; its job counts it and may start a queued occurrence or complete.</summary>
public sealed record RunEnded
{
    public Guid JobId { get; init; }

    public Guid RunId { get; init; }

    public DateTimeOffset ScheduledFor { get; init; }

    public string Outcome { get; init; } = "";

    public DateTimeOffset FinishedAt { get; init; }
}
