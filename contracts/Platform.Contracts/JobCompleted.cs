namespace Platform.Contracts;

/// <summary>Event: a job's trigger has no more occurrences and its last run ended.</summary>
public sealed record JobCompleted
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>Why there are no more occurrences (once, endAt, maxRuns).</summary>
    public string Reason { get; init; } = "";
}
