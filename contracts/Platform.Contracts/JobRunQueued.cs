namespace Platform.Contracts;

/// <summary>Event: a run was fired and handed to the workers.</summary>
public sealed record JobRunQueued
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The run: one occurrence of the job, across all its attempts.</summary>
    public Guid RunId { get; init; }

    /// <summary>1 for the first attempt, one more for each retry.</summary>
    public int Attempt { get; init; }

    /// <summary>The occurrence this run is for.</summary>
    public DateTimeOffset ScheduledFor { get; init; }

    /// <summary>When the scheduler fired the occurrence.</summary>
    public DateTimeOffset? FiredAt { get; init; }

    /// <summary>Its job type.</summary>
    public string JobType { get; init; } = "";

    /// <summary>Its priority, 0-9.</summary>
    public int Priority { get; init; }
}
