namespace Platform.Contracts;

/// <summary>Command: fire a paused job again; occurrences that passed meanwhile follow its misfire policy.</summary>
public sealed record ResumeJob
{
    /// <summary>The job the command is for.</summary>
    public Guid JobId { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
