using System.ComponentModel.DataAnnotations;

namespace Platform.Worker;

/// <summary>The circuit breaker each job type has in each worker process. Bound from <c>Platform:Worker:CircuitBreaker</c>.</summary>
public sealed class CircuitBreakerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failed attempts of one job type within <see cref="Window"/> that open its breaker.</summary>
    [Range(1, 100_000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>The sliding window failures are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an open breaker holds the type's runs back before it lets probes through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs let through at once while half-open; the first success closes the breaker, a failure opens it again.</summary>
    [Range(1, 1000)]
    public int HalfOpenProbes { get; set; } = 1;
}
