using Platform.Contracts;

namespace Platform.Client;

/// <summary>Builds the four kinds of <see cref="JobTrigger"/> with the fields each one uses.</summary>
public static class JobTriggers
{
    /// <summary>Runs once at <paramref name="runAt"/> (a past instant runs now).</summary>
    public static JobTrigger OnceAt(DateTimeOffset runAt) => new() { Kind = TriggerKind.Once, RunAt = runAt };

    /// <summary>Runs every <paramref name="every"/> of elapsed time (at least one second), from <paramref name="startAt"/>
    /// (the first occurrence; one period from now when absent), until <paramref name="endAt"/> or
    /// <paramref name="maxRuns"/> occurrences.</summary>
    public static JobTrigger Every(TimeSpan every, DateTimeOffset? startAt = null, DateTimeOffset? endAt = null, int? maxRuns = null) =>
        new() { Kind = TriggerKind.Interval, Every = every, StartAt = startAt, EndAt = endAt, MaxRuns = maxRuns };

    /// <summary>Runs on a cron expression (5 fields, or 6 with seconds first) read in the IANA time zone
    /// <paramref name="timeZone"/> (UTC when null), with ISC cron's daylight-saving rules, between
    /// <paramref name="startAt"/> and <paramref name="endAt"/>, at most <paramref name="maxRuns"/> times.</summary>
    public static JobTrigger Cron(string expression, string? timeZone = null, DateTimeOffset? startAt = null, DateTimeOffset? endAt = null,
        int? maxRuns = null) =>
        new() { Kind = TriggerKind.Cron, Cron = expression, TimeZone = timeZone, StartAt = startAt, EndAt = endAt, MaxRuns = maxRuns };

    /// <summary>Runs on each <see cref="ExternalEvent"/> of <paramref name="eventType"/> (and, when given, with
    /// <paramref name="key"/>), at most <paramref name="maxRuns"/> times; the event's payload reaches the handler.</summary>
    public static JobTrigger OnEvent(string eventType, string? key = null, int? maxRuns = null) =>
        new() { Kind = TriggerKind.Event, EventType = eventType, EventKey = key, MaxRuns = maxRuns };
}
