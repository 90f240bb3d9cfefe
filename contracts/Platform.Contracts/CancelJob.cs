namespace Platform.Contracts;

/// <summary>Command: stop a job for good; a running run is cancelled.</summary>
public sealed record CancelJob
{
    /// <summary>The job the command is for.</summary>
    public Guid JobId { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
