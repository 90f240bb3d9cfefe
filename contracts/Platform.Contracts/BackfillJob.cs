namespace Platform.Contracts;

/// <summary>Command: run a job's occurrences of a past time range, each as a run with cause <c>backfill</c>, subject to
/// the job's overlap policy. The scheduler computes the occurrences from the job's current trigger (Once, Interval or
/// Cron), rejects a range that is not in the past, holds none, or holds more than it allows (1000), and audits the
/// command either way.</summary>
public sealed record BackfillJob
{
    /// <summary>The job the command is for.</summary>
    public Guid JobId { get; init; }

    /// <summary>The start of the range, inclusive.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>The end of the range, exclusive; not after the instant the scheduler receives the command.</summary>
    public DateTimeOffset To { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
