namespace Platform.Contracts;

/// <summary>Command: run a job once now, outside its schedule.</summary>
public sealed record TriggerJobNow
{
    /// <summary>The job the command is for.</summary>
    public Guid JobId { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }
}
