namespace Platform.Messaging;

/// <summary>
/// Names of the attributes and events of the platform's spans, following OpenTelemetry's naming rules (lower case,
/// dot-separated, the <c>platform.</c> namespace for the platform's own).
/// </summary>
public static class PlatformAttributes
{
    /// <summary>The job a span is about.</summary>
    public const string JobId = "platform.job.id";

    /// <summary>The job type (the handler it runs with).</summary>
    public const string JobType = "platform.job.type";

    /// <summary>The definition version of a job (1 for a new job, one more per replacement).</summary>
    public const string JobVersion = "platform.job.version";

    /// <summary>The run a span is about.</summary>
    public const string RunId = "platform.run.id";

    /// <summary>1 for a run's first attempt, one more per retry.</summary>
    public const string RunAttempt = "platform.run.attempt";

    /// <summary>The occurrence a fire or run is for (ISO 8601, UTC).</summary>
    public const string ScheduledFor = "platform.occurrence.scheduled_for";

    /// <summary>How a trigger fired an occurrence: OnTime, Misfired, CaughtUp, Missed.</summary>
    public const string FireKind = "platform.fire.kind";

    /// <summary>Seconds from an occurrence's due time to its fire.</summary>
    public const string FireLateness = "platform.fire.lateness";

    /// <summary>How an attempt ended: succeeded, retrying, dead_lettered, cancelled, timed_out.</summary>
    public const string Outcome = "platform.run.outcome";

    /// <summary>Event: an attempt failed and the run will be retried (attribute <see cref="NextAttemptAt"/>).</summary>
    public const string RetryScheduledEvent = "platform.run.retry_scheduled";

    /// <summary>When the next attempt is due (ISO 8601, UTC).</summary>
    public const string NextAttemptAt = "platform.run.next_attempt_at";

    /// <summary>Event: the run failed for good and was dead-lettered.</summary>
    public const string DeadLetteredEvent = "platform.run.dead_lettered";

    /// <summary>Event: an occurrence was not run (a misfire policy skipped it).</summary>
    public const string OccurrenceMissedEvent = "platform.occurrence.missed";

    /// <summary>Event: a run broke an SLA promise (attribute <see cref="SlaKind"/>).</summary>
    public const string SlaViolatedEvent = "platform.sla.violated";

    /// <summary>Which SLA promise: StartLate, RunTooLong, MissedDeadline.</summary>
    public const string SlaKind = "platform.sla.kind";
}
