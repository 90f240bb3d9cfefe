namespace Platform.Scheduling;

/// <summary>An <c>Interval</c> trigger: occurrences at <c>start + k * every</c> (k = 0, 1, ...) up to <c>endAt</c>. Elapsed
/// time, not wall-clock time: a DST change does not move them (every 24 hours stays 24 hours apart, so it shows a different
/// local hour after the change).</summary>
internal sealed class IntervalTriggerSchedule(DateTimeOffset start, TimeSpan every, DateTimeOffset? endAt) : ITriggerSchedule
{
    readonly long _start = start.UtcTicks;
    readonly long _every = every.Ticks;
    readonly long _end = Math.Min(endAt?.UtcTicks ?? long.MaxValue, DateTimeOffset.MaxValue.UtcTicks);

    public DateTimeOffset? Next(DateTimeOffset afterExclusive)
    {
        var after = afterExclusive.UtcTicks;
        long next;
        if (after < _start)
        {
            next = _start;
        }
        else
        {
            var periods = ((after - _start) / _every) + 1;
            if (periods > (_end - _start) / _every)
                return null;
            next = _start + (periods * _every);
        }

        return next <= _end ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    public IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        OccurrenceSequence.Walk(Next, fromExclusive, toInclusive);
}
