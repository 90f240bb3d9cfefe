using Platform.Contracts;

namespace Platform.Worker.Reliability;

/// <summary>Exponential backoff with full jitter, as a pure function of the policy, the attempt that failed and a random
/// number: delay_n = min(maxDelay, initialDelay * multiplier^(n-1)), then, with jitter, uniform in [0, delay_n].</summary>
public static class RetryBackoff
{
    /// <summary>Whether another attempt follows <paramref name="failedAttempt"/>.</summary>
    public static bool ShouldRetry(RetryPolicy policy, int failedAttempt) => failedAttempt < policy.MaxAttempts;

    /// <summary>The delay before the attempt after <paramref name="failedAttempt"/> (1 for the first attempt);
    /// <paramref name="random"/> in [0, 1) draws the jitter.</summary>
    public static TimeSpan Delay(RetryPolicy policy, int failedAttempt, double random)
    {
        var ceiling = Ceiling(policy, failedAttempt);
        return policy.Jitter ? TimeSpan.FromTicks((long)(ceiling.Ticks * Math.Clamp(random, 0.0, 1.0))) : ceiling;
    }

    /// <summary>delay_n before jitter: min(maxDelay, initialDelay * multiplier^(n-1)), never negative.</summary>
    public static TimeSpan Ceiling(RetryPolicy policy, int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var max = Math.Max(0, policy.MaxDelay.Ticks);
        var ticks = Math.Max(0, policy.InitialDelay.Ticks) * Math.Pow(policy.Multiplier, failedAttempt - 1);
        return double.IsNaN(ticks) || ticks >= max ? TimeSpan.FromTicks(max) : TimeSpan.FromTicks((long)Math.Max(0, ticks));
    }
}
