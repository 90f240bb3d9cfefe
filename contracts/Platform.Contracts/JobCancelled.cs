namespace Platform.Contracts;

/// <summary>Event: a job was cancelled; it will not fire again.</summary>
public sealed record JobCancelled
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The reason the command gave.</summary>
    public string? Reason { get; init; }
}
