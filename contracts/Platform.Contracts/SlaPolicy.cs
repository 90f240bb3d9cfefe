namespace Platform.Contracts;

/// <summary>Service-level promises for each run; a broken one publishes <see cref="JobSlaViolated"/>.</summary>
public sealed record SlaPolicy
{
    /// <summary>A run must start within this time after its scheduled time.</summary>
    public TimeSpan? MaxStartDelay { get; init; }

    /// <summary>A run must finish within this time after it started.</summary>
    public TimeSpan? MaxRunDuration { get; init; }

    /// <summary>A run must have succeeded within this time after its scheduled time.</summary>
    public TimeSpan? CompleteBy { get; init; }
}
