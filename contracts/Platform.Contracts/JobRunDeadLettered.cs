namespace Platform.Contracts;

/// <summary>Event: the last attempt failed; the run is given up and can be replayed.</summary>
public sealed record JobRunDeadLettered
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

    /// <summary>The last attempt's error.</summary>
    public string Error { get; init; } = "";
}
