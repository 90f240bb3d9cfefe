namespace Platform.Scheduling;

/// <summary>The UTC offsets of one time zone over time, found by asking <see cref="TimeZoneInfo"/> rather than by reading
/// its adjustment rules, so DST and changes of standard offset (e.g. Asia/Pyongyang, America/Caracas) look the same.</summary>
internal sealed class ZoneTimeline(TimeZoneInfo zone)
{
    /// <summary>Offsets are sampled this far apart and each change is then located to the tick. Two changes closer together
    /// than this (none in the tz database since 1970) would be missed.</summary>
    static readonly long ProbeStep = TimeSpan.TicksPerHour;

    readonly bool _fixedOffset = zone.GetAdjustmentRules().Length == 0;

    public long OffsetAt(long utcTicks) => zone.GetUtcOffset(new DateTime(Clamp(utcTicks), DateTimeKind.Utc)).Ticks;

    /// <summary>The offset changes in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>], oldest first.</summary>
    public List<OffsetTransition> TransitionsBetween(long fromExclusive, long toInclusive)
    {
        var transitions = new List<OffsetTransition>();
        if (_fixedOffset)
            return transitions;

        var low = Clamp(fromExclusive);
        var end = Clamp(toInclusive);
        var offset = OffsetAt(low);
        while (low < end)
        {
            var high = end - low > ProbeStep ? low + ProbeStep : end;
            if (OffsetAt(high) == offset)
            {
                low = high;
                continue;
            }

            // The first tick in (low, high] with another offset.
            while (high - low > 1)
            {
                var middle = low + ((high - low) / 2);
                if (OffsetAt(middle) == offset)
                    low = middle;
                else
                    high = middle;
            }

            var next = OffsetAt(high);
            transitions.Add(new OffsetTransition(high, offset, next));
            low = high;
            offset = next;
        }

        return transitions;
    }

    static long Clamp(long ticks) => Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
}
