namespace Platform.Worker.Reliability;

/// <summary>A job type's breaker as operators see it (<c>GET /worker/breakers</c>).</summary>
public sealed record CircuitSnapshot(string JobType, CircuitState State, int FailuresInWindow, DateTimeOffset? OpenUntil, int ProbesInFlight);
