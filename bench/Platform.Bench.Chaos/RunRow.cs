namespace Platform.Bench.Chaos;

/// <summary>A row of <c>scheduler.run_state</c>.</summary>
public sealed record RunRow(Guid RunId, Guid JobId, DateTimeOffset ScheduledFor, string State, int Attempt, int Replay, string? Worker, string? Error,
    DateTimeOffset FiredAt, DateTimeOffset? QueuedAt);
