namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.run_state</c>, the run history, as the API reads it (the scheduler's RunState owns the
/// table).</summary>
public sealed class RunRow
{
    public Guid RunId { get; set; }

    public string CurrentState { get; set; } = "";

    public Guid JobId { get; set; }

    public int JobVersion { get; set; }

    public string JobType { get; set; } = "";

    public int Priority { get; set; }

    public string Cause { get; set; } = "";

    /// <summary>The ScheduleJob the run runs, JSON.</summary>
    public string Definition { get; set; } = "";

    public string? EventPayload { get; set; }

    public string? DependsOn { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public int Attempt { get; set; }

    public int Replay { get; set; }

    public int? Progress { get; set; }

    public string? ProgressMessage { get; set; }

    public string? Worker { get; set; }

    public string? Error { get; set; }

    public bool TimedOut { get; set; }

    public bool CancelRequested { get; set; }

    public TimeSpan? MaxStartDelay { get; set; }

    public TimeSpan? MaxRunDuration { get; set; }

    public TimeSpan? CompleteBy { get; set; }

    public string? DependencyCheck { get; set; }
}
