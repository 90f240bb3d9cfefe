namespace Platform.Contracts;

/// <summary>When a job runs. Flat: the fields that apply depend on <see cref="Kind"/>.</summary>
public sealed record JobTrigger
{
    /// <summary>Once, Interval, Cron or Event (required).</summary>
    public TriggerKind? Kind { get; init; }

    /// <summary>Once: the instant to run at (ISO 8601 with offset); a past instant runs now.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Interval: the period between occurrences (elapsed time, not wall-clock time).</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Cron: a 5-field Unix expression or a 6-field one with seconds first.</summary>
    public string? Cron { get; init; }

    /// <summary>Cron: the IANA time zone the expression is read in; UTC when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Interval and Cron: no occurrence before this instant. Interval: the first occurrence.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>Interval and Cron: no occurrence after this instant.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>Interval and Cron: the job completes after this many occurrences.</summary>
    public int? MaxRuns { get; init; }

    /// <summary>Event: the <see cref="ExternalEvent.EventType"/> that runs the job.</summary>
    public string? EventType { get; init; }

    /// <summary>Event: when given, only events with this <see cref="ExternalEvent.Key"/> run the job.</summary>
    public string? EventKey { get; init; }
}
