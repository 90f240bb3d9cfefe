namespace Platform.Api.ReadModel;

/// <summary>A job in a listing (<c>GET /api/jobs</c>); <see cref="JobDetail"/> adds its definition.</summary>
public record JobSummary
{
    public Guid JobId { get; init; }

    public string JobType { get; init; } = "";

    /// <summary>Active, Paused, Completed or Cancelled.</summary>
    public string State { get; init; } = "";

    /// <summary>1 for a new job, one more for each replacement of its definition.</summary>
    public int Version { get; init; }

    /// <summary>Once, Interval, Cron or Event.</summary>
    public string TriggerKind { get; init; } = "";

    public string? Owner { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The next occurrence the trigger engine will fire (while paused: the one it will consider on resume); null
    /// when the trigger has no more occurrences or the job runs on events.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Runs that have not ended.</summary>
    public int ActiveRuns { get; init; }

    /// <summary>The last run that ended, or null when none has.</summary>
    public LastRun? LastRun { get; init; }
}
