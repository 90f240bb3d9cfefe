using System.Text.Json;

namespace Platform.Contracts;

/// <summary>Command to the scheduler: run a dead-lettered or timed-out run again, as attempt 1 of a new replay. The
/// scheduler's run state machine alone decides: it dispatches the replay to the workers with the run's definition (the
/// optional fields replace those values, for example a corrected payload), holds a replay that reaches a run still on
/// its way until the run gives up, and rejects one for a run that ended otherwise or was already replayed.</summary>
public sealed record ReplayJobRun
{
    /// <summary>The dead-lettered run.</summary>
    public Guid RunId { get; init; }

    /// <summary>Its job.</summary>
    public Guid JobId { get; init; }

    /// <summary>Its job type.</summary>
    public string JobType { get; init; } = "";

    /// <summary>Why the run is replayed (kept with the run for operators).</summary>
    public string Reason { get; init; } = "";

    /// <summary>The replay the sender saw give up (0 for the run as fired; the API takes it from the run). When set, the
    /// command replays that one only: sent twice, or after another replay of it, it is rejected as already replayed.
    /// When not set, it replays the run's current dead letter, or its next one while the run is still on its way.</summary>
    public int? Replay { get; init; }

    /// <summary>Replaces the run's payload when set.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Replaces the run's priority (0-9) when set.</summary>
    public int? Priority { get; init; }

    /// <summary>Replaces the run's retry policy when set.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Replaces the run's timeout when set.</summary>
    public TimeSpan? Timeout { get; init; }
}
