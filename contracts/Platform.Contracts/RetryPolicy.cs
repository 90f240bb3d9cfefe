namespace Platform.Contracts;

/// <summary>How a failed run is retried: exponential backoff between attempts.</summary>
public sealed record RetryPolicy
{
    /// <summary>Attempts in all, the first included; 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The delay before the second attempt.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each further delay is the previous one times this.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>No delay is longer than this.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Full jitter: each delay is drawn uniformly between zero and its computed value.</summary>
    public bool Jitter { get; init; } = true;
}
