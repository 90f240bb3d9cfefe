namespace Platform.Contracts;

/// <summary>Event: an occurrence did not run (misfire policy Skip, overlap policy Skip, or a failed dependency).</summary>
public sealed record JobMissed
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The occurrence that did not run.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    /// <summary>Why it did not run.</summary>
    public string Reason { get; init; } = "";
}
