namespace Platform.Contracts;

/// <summary>Event: a ScheduleJob was valid and its schedule is in force.</summary>
public sealed record JobAccepted
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>Its type.</summary>
    public string JobType { get; init; } = "";

    /// <summary>1 for a new job, one more for each replacement of the definition.</summary>
    public int Version { get; init; }

    /// <summary>The first occurrence, where the trigger has one.</summary>
    public DateTimeOffset? NextRunAt { get; init; }
}
