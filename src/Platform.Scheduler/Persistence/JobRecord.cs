namespace Platform.Scheduler.Persistence;

/// <summary>A job as the scheduler keeps it: its current definition and where its schedule stands.</summary>
public sealed class JobRecord
{
    public Guid JobId { get; set; }

    public string JobType { get; set; } = "";

    /// <summary>The ScheduleJob that defined this version, as received (camelCase JSON).</summary>
    public string Definition { get; set; } = "";

    /// <summary>SHA-256 of the canonical definition: the same hash again is a duplicate, a new one a replacement.</summary>
    public string DefinitionHash { get; set; } = "";

    /// <summary>1 for a new job, one more for each replacement; fired occurrences of an older version are ignored.</summary>
    public int Version { get; set; }

    /// <summary>Active, Completed, Cancelled or Paused; stored as text so operators can query it.</summary>
    public JobStatus Status { get; set; }

    public int Priority { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? NextRunAt { get; set; }

    /// <summary>The token of the scheduled message that fires <see cref="NextRunAt"/>, to cancel it on replacement.</summary>
    public Guid? ScheduleTokenId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum JobStatus
{
    Active,
    Paused,
    Completed,
    Cancelled,
}
