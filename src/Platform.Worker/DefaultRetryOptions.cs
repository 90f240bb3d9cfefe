using System.ComponentModel.DataAnnotations;
using Platform.Contracts;

namespace Platform.Worker;

/// <summary>The retry policy of runs whose job has none. Bound from <c>Platform:Worker:DefaultRetry</c>.</summary>
public sealed class DefaultRetryOptions
{
    /// <summary>Attempts in all, the first included.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the second attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Each further delay is the previous one times this.</summary>
    [Range(1.0, 100.0)]
    public double Multiplier { get; set; } = 2.0;

    /// <summary>No delay is longer than this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Full jitter: each delay drawn uniformly between zero and its computed value.</summary>
    public bool Jitter { get; set; } = true;

    public RetryPolicy ToPolicy() => new()
    {
        MaxAttempts = MaxAttempts,
        InitialDelay = InitialDelay,
        Multiplier = Multiplier,
        MaxDelay = MaxDelay,
        Jitter = Jitter,
    };
}
