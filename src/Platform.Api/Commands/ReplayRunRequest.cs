using System.Text.Json;
using Platform.Contracts;

namespace Platform.Api.Commands;

/// <summary>The optional body of <c>POST /api/runs/{runId}/replay</c>: why, and what to change for the replay.</summary>
public sealed record ReplayRunRequest
{
    /// <summary>Why the run is replayed (kept with the run).</summary>
    public string? Reason { get; init; }

    /// <summary>Replaces the run's payload when set.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Replaces the run's priority (0-9) when set.</summary>
    public int? Priority { get; init; }

    /// <summary>Replaces the run's retry policy when set.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Replaces the run's timeout when set.</summary>
    public TimeSpan? Timeout { get; init; }
}
