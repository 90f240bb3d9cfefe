namespace Platform.Scheduler.Persistence;

/// <summary>One occurrence of a job, across its attempts: the run history operators query.</summary>
public sealed class RunRecord
{
    public Guid RunId { get; set; }

    public Guid JobId { get; set; }

    public int JobVersion { get; set; }

    public string JobType { get; set; } = "";

    /// <summary>The occurrence; unique per job, so a duplicate fire finds the run it already made.</summary>
    public DateTimeOffset ScheduledFor { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Attempt { get; set; }

    public RunStatus Status { get; set; }

    public string? Worker { get; set; }

    public string? Error { get; set; }
}

public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
