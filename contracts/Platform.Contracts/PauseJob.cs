namespace Platform.Contracts;

/// <summary>Command: stop firing a job until it is resumed.</summary>
public sealed record PauseJob
{
    /// <summary>The job the command is for.</summary>
    public Guid JobId { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
