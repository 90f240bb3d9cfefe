using System.Text.Json;

namespace Platform.Contracts;

/// <summary>Command to workers: run one attempt of a run. Routed by <see cref="JobType"/>; redeliveries of the same <see cref="RunId"/> and <see cref="Attempt"/> are idempotent.</summary>
public sealed record ExecuteJobRun
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The run: one occurrence of the job, across all its attempts.</summary>
    public Guid RunId { get; init; }

    /// <summary>1 for the first attempt, one more for each retry.</summary>
    public int Attempt { get; init; }

    /// <summary>The occurrence this run is for.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    /// <summary>When the scheduler fired the occurrence.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>Selects the handler.</summary>
    public string JobType { get; init; } = "";

    /// <summary>The job's payload.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>For a run started by an <see cref="ExternalEvent"/>: that event's payload.</summary>
    public JsonElement? EventPayload { get; init; }

    /// <summary>0-9; 9 first.</summary>
    public int Priority { get; init; }

    /// <summary>The attempt is cancelled after this long.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How a failed attempt is retried (the job's <c>retry</c>); the worker's default policy when absent.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>0 for the run as fired; n for its n-th replay after it was dead-lettered (attempts count from 1 again).</summary>
    public int Replay { get; init; }

    /// <summary>For a replay: why it was replayed (the operator's reason, kept with the worker's dead letter).</summary>
    public string? ReplayReason { get; init; }

    /// <summary>Report <see cref="JobRunStarted"/> as soon as the attempt starts: the scheduler watches this run's start or
    /// duration (an SLA). Otherwise a worker reports the start only of an attempt still running after a short delay; a
    /// quicker attempt's start travels in its <see cref="JobRunSucceeded"/> or <see cref="JobRunFailed"/>.</summary>
    public bool ReportStart { get; init; }
}
