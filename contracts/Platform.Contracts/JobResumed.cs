namespace Platform.Contracts;

/// <summary>Event: a paused job fires again.</summary>
public sealed record JobResumed
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The reason the command gave.</summary>
    public string? Reason { get; init; }
}
