namespace Platform.Contracts;

/// <summary>Event: an attempt failed.</summary>
public sealed record JobRunFailed
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The run: one occurrence of the job, across all its attempts.</summary>
    public Guid RunId { get; init; }

    /// <summary>1 for the first attempt, one more for each retry.</summary>
    public int Attempt { get; init; }

    /// <summary>0 for the run as fired; n for its n-th replay (a report of an earlier replay is stale).</summary>
    public int Replay { get; init; }

    /// <summary>The occurrence this run is for.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    /// <summary>When the scheduler fired the occurrence.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>When the worker started this attempt.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When this attempt ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The worker that ran it.</summary>
    public string Worker { get; init; } = "";

    /// <summary>What went wrong.</summary>
    public string Error { get; init; } = "";

    /// <summary>The attempt was cancelled by its timeout.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Another attempt is scheduled.</summary>
    public bool WillRetry { get; init; }

    /// <summary>When the next attempt is due, if any.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
