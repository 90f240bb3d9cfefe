namespace Platform.Contracts;

/// <summary>Event: a run was cancelled (before it started, or while it ran: its handler was told to stop).</summary>
public sealed record JobRunCancelled
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

    /// <summary>When the attempt started, if it had.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The worker that stopped it, or empty when it never started.</summary>
    public string Worker { get; init; } = "";

    /// <summary>Why.</summary>
    public string? Reason { get; init; }
}
