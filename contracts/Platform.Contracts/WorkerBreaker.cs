namespace Platform.Contracts;

/// <summary>One job type's circuit breaker in a worker process, as <see cref="WorkerAnnounced"/> reports it.</summary>
public sealed record WorkerBreaker
{
    /// <summary>The job type.</summary>
    public string JobType { get; init; } = "";

    /// <summary>Closed (runs go through), HalfOpen (a few probe runs go through) or Open (runs are held back).</summary>
    public string State { get; init; } = "";

    /// <summary>Failures counted in the breaker's window.</summary>
    public int FailuresInWindow { get; init; }

    /// <summary>While open, until when.</summary>
    public DateTimeOffset? OpenUntil { get; init; }
}
