namespace Platform.Scheduling;

/// <summary>A <c>Cron</c> trigger: the schedule's occurrences from <c>startAt</c> (inclusive) to <c>endAt</c> (inclusive).</summary>
internal sealed class CronTriggerSchedule(CronSchedule schedule, DateTimeOffset? startAt, DateTimeOffset? endAt) : ITriggerSchedule
{
    public DateTimeOffset? Next(DateTimeOffset afterExclusive)
    {
        var after = startAt is { } start && start.UtcTicks - 1 > afterExclusive.UtcTicks
            ? new DateTimeOffset(start.UtcTicks - 1, TimeSpan.Zero)
            : afterExclusive;
        return schedule.GetNextOccurrence(after) is { } next && (endAt is null || next <= endAt) ? next : null;
    }

    public IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        OccurrenceSequence.Walk(Next, fromExclusive, toInclusive);
}
