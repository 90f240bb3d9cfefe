using MassTransit;

namespace Platform.Scheduler.Jobs;

/// <summary>One job as the scheduler knows it (table <c>scheduler.job_state</c>); moved only by messages, through
/// <see cref="JobStateMachine"/>.</summary>
public sealed class JobState : SagaStateMachineInstance
{
    /// <summary>The job id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Active, Paused, Completed or Cancelled, as text.</summary>
    public string CurrentState { get; set; } = null!;

    /// <summary>1 for a new job, one more for each replacement of its definition.</summary>
    public int Version { get; set; }

    public string JobType { get; set; } = "";

    /// <summary>The current ScheduleJob, canonical JSON.</summary>
    public string Definition { get; set; } = "";

    /// <summary>SHA-256 of <see cref="Definition"/>: the same again is a duplicate.</summary>
    public string DefinitionHash { get; set; } = "";

    /// <summary>Once, Interval, Cron or Event.</summary>
    public string TriggerKind { get; set; } = "";

    /// <summary>For Event triggers, the event type and optional key that run the job.</summary>
    public string? EventType { get; set; }

    public string? EventKey { get; set; }

    /// <summary>The parent jobs (JSON array of ids), for dependency checks and cycle detection.</summary>
    public string? DependsOn { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The next occurrence when the job was last (re)defined; the trigger engine holds the live value.</summary>
    public DateTimeOffset? NextRunAt { get; set; }

    /// <summary>The trigger has no more occurrences; the job completes when its runs have ended.</summary>
    public bool TriggerExhausted { get; set; }

    /// <summary>Occurrences of the current version's time trigger received so far.</summary>
    public int OccurrencesReceived { get; set; }

    /// <summary>How many occurrences the exhausted trigger fired in all (from <c>TriggerExhausted</c>).</summary>
    public int? OccurrencesExpected { get; set; }

    /// <summary>Occurrences run by an Event trigger (for its maxRuns).</summary>
    public int EventRuns { get; set; }

    /// <summary>Another job depends on this one (set when such a job is defined, never cleared): a run that ends here must
    /// tell the runs waiting for it.</summary>
    public bool HasDependents { get; set; }

    /// <summary>Runs that have not reached a final state.</summary>
    public int ActiveRuns { get; set; }

    /// <summary>Occurrences waiting for the running one to end (overlap policy Queue), JSON array of instants.</summary>
    public string QueuedOccurrences { get; set; } = "[]";

    public Guid? LastRunId { get; set; }

    public string? LastRunOutcome { get; set; }

    public DateTimeOffset? LastRunScheduledFor { get; set; }

    public DateTimeOffset? LastRunFinishedAt { get; set; }
}
