namespace Platform.Api.ReadModel;

/// <summary>A run in the history (<c>GET /api/runs</c>); <see cref="RunDetail"/> adds what it ran with.</summary>
public record RunSummary
{
    public Guid RunId { get; init; }

    public Guid JobId { get; init; }

    /// <summary>The job's definition version the run belongs to.</summary>
    public int JobVersion { get; init; }

    public string JobType { get; init; } = "";

    /// <summary>WaitingForDependencies, Queued, Running, RetryScheduled (in progress); Succeeded, DeadLettered, TimedOut,
    /// Cancelled, Skipped (ended).</summary>
    public string State { get; init; } = "";

    /// <summary>Why the run exists: on time, misfire, queued, an event, triggered now.</summary>
    public string Cause { get; init; } = "";

    public int Priority { get; init; }

    /// <summary>The attempt in progress or the last one made (1 is the first).</summary>
    public int Attempt { get; init; }

    /// <summary>0 for the original run, one more for each replay after it was dead-lettered.</summary>
    public int Replay { get; init; }

    /// <summary>The occurrence the run is for.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    public DateTimeOffset FiredAt { get; init; }

    public DateTimeOffset? QueuedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When the next attempt is due (state RetryScheduled).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? LastHeartbeatAt { get; init; }

    /// <summary>The worker's last progress report, 0-100, and its message.</summary>
    public int? Progress { get; init; }

    public string? ProgressMessage { get; init; }

    /// <summary>The worker that ran the last attempt.</summary>
    public string? Worker { get; init; }

    /// <summary>The last attempt's error, or why the run was cancelled or skipped.</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    public bool CancelRequested { get; init; }
}
