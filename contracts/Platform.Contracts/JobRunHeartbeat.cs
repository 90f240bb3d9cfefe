namespace Platform.Contracts;

/// <summary>Event: a worker is still running an attempt. Published at a fixed interval while the handler runs, and when the handler reports progress (throttled).</summary>
public sealed record JobRunHeartbeat
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

    /// <summary>The worker that runs it (host and process).</summary>
    public string Worker { get; init; } = "";

    /// <summary>When the worker sent this heartbeat.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Percent done, 0-100, when the handler has reported any.</summary>
    public int? Progress { get; init; }

    /// <summary>What the handler last said it is doing, if anything.</summary>
    public string? Message { get; init; }
}
