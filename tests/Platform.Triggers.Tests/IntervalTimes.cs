using Platform.Contracts;

namespace Platform.Triggers.Tests;

/// <summary>Once and Interval occurrences, enough to drive the engine in these tests (cron lives in Platform.Scheduling
/// and has its own tests).</summary>
internal sealed class IntervalTimes(DateTimeOffset? runAt, DateTimeOffset start, TimeSpan? every, DateTimeOffset? endAt) : ITriggerTimes
{
    public DateTimeOffset? NextAfter(DateTimeOffset afterExclusive)
    {
        if (every is not { } period)
            return runAt > afterExclusive ? runAt : null;
        var k = afterExclusive < start ? 0 : (long)Math.Floor((afterExclusive - start) / period) + 1;
        var next = start + period * k;
        return endAt is { } end && next > end ? null : next;
    }
}

internal sealed class IntervalTimesFactory : ITriggerTimesFactory
{
    public ITriggerTimes Create(JobTrigger trigger, DateTimeOffset anchor) =>
        new IntervalTimes(trigger.RunAt, trigger.StartAt ?? anchor, trigger.Every, trigger.EndAt);
}
