using Platform.Contracts;

namespace Platform.Scheduling;

/// <summary>Turns a job's <see cref="JobTrigger"/> into the instants it fires at.</summary>
public static class TriggerSchedules
{
    /// <summary>Whether the trigger fires on time (<c>Once</c>, <c>Interval</c>, <c>Cron</c>). <c>Event</c> triggers fire
    /// when a matching <see cref="ExternalEvent"/> arrives and have no time schedule.</summary>
    public static bool HasTimeSchedule(JobTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Kind is TriggerKind.Once or TriggerKind.Interval or TriggerKind.Cron;
    }

    /// <summary>
    /// The schedule of a <c>Once</c>, <c>Interval</c> or <c>Cron</c> trigger that passed validation.
    /// <list type="bullet">
    /// <item><c>Once</c>: one occurrence at <c>runAt</c>.</item>
    /// <item><c>Interval</c>: <c>start + k * every</c>, where start is <c>startAt</c> or, without it,
    /// <paramref name="anchor"/> (such as the instant the job was accepted); elapsed time, so DST does not move it; none
    /// after <c>endAt</c>.</item>
    /// <item><c>Cron</c>: the expression in <c>timeZone</c> (UTC when absent), none before <c>startAt</c> or after
    /// <c>endAt</c>.</item>
    /// </list>
    /// <c>maxRuns</c> is the caller's to count. Do not call this for an <c>Event</c> trigger (see
    /// <see cref="HasTimeSchedule"/>): it throws <see cref="ArgumentException"/>, as it does for a trigger missing what its
    /// kind needs, and <see cref="InvalidCronScheduleException"/> for a bad cron expression or time zone.
    /// </summary>
    public static ITriggerSchedule Create(JobTrigger trigger, DateTimeOffset anchor)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return trigger.Kind switch
        {
            TriggerKind.Once => new OnceTriggerSchedule(
                trigger.RunAt ?? throw new ArgumentException("a Once trigger needs runAt", nameof(trigger))),
            TriggerKind.Interval => trigger.Every is { } every && every > TimeSpan.Zero
                ? new IntervalTriggerSchedule(trigger.StartAt ?? anchor, every, trigger.EndAt)
                : throw new ArgumentException("an Interval trigger needs a positive every", nameof(trigger)),
            TriggerKind.Cron => new CronTriggerSchedule(
                CronSchedule.Parse(trigger.Cron ?? throw new ArgumentException("a Cron trigger needs cron", nameof(trigger)), trigger.TimeZone),
                trigger.StartAt,
                trigger.EndAt),
            TriggerKind.Event => throw new ArgumentException(
                "an Event trigger has no time schedule: it fires when a matching ExternalEvent arrives", nameof(trigger)),
            _ => throw new ArgumentException($"the trigger kind '{trigger.Kind}' is not Once, Interval, Cron or Event", nameof(trigger)),
        };
    }
}
