namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.job_state</c> as the API reads it (the scheduler's JobState owns the table).</summary>
public sealed class JobRow
{
    public Guid JobId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Version { get; set; }

    public string JobType { get; set; } = "";

    /// <summary>The current ScheduleJob, JSON.</summary>
    public string Definition { get; set; } = "";

    public string TriggerKind { get; set; } = "";

    public string? EventType { get; set; }

    public string? EventKey { get; set; }

    /// <summary>JSON array of parent job ids.</summary>
    public string? DependsOn { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool TriggerExhausted { get; set; }

    public int ActiveRuns { get; set; }

    /// <summary>JSON array of instants waiting for the running run to end.</summary>
    public string QueuedOccurrences { get; set; } = "[]";

    public Guid? LastRunId { get; set; }

    public string? LastRunOutcome { get; set; }

    public DateTimeOffset? LastRunScheduledFor { get; set; }

    public DateTimeOffset? LastRunFinishedAt { get; set; }
}
