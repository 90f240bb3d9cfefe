namespace Platform.Contracts;

/// <summary>Event: a job was paused.</summary>
public sealed record JobPaused
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The reason the command gave.</summary>
    public string? Reason { get; init; }
}
