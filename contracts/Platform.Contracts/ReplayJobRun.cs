using System.Text.Json;

namespace Platform.Contracts;

/// <summary>Command: run a dead-lettered run again, as attempt 1 of a new replay. The worker that dead-lettered it keeps the run and re-dispatches it; the optional fields replace the kept values (for example a corrected payload).</summary>
public sealed record ReplayJobRun
{
    /// <summary>The dead-lettered run.</summary>
    public Guid RunId { get; init; }

    /// <summary>Its job.</summary>
    public Guid JobId { get; init; }

    /// <summary>Its job type: only workers with a handler for it act on the command.</summary>
    public string JobType { get; init; } = "";

    /// <summary>Why the run is replayed (kept with the run for operators).</summary>
    public string Reason { get; init; } = "";

    /// <summary>Replaces the run's payload when set.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Replaces the run's priority (0-9) when set.</summary>
    public int? Priority { get; init; }

    /// <summary>Replaces the run's retry policy when set.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Replaces the run's timeout when set.</summary>
    public TimeSpan? Timeout { get; init; }
}
