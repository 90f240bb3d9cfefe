using System.Diagnostics.CodeAnalysis;

namespace Platform.Scheduling;

/// <summary>
/// A cron expression read in an IANA time zone. Occurrences are instants (UTC), computed as Vixie/ISC cron does:
/// <list type="bullet">
/// <item>5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; names JAN-DEC and SUN-SAT;
/// <c>*</c>, <c>?</c>, ranges, lists, steps; <c>L</c>, <c>L-n</c>, <c>nW</c>, <c>LW</c> in day-of-month; <c>nL</c> and
/// <c>n#k</c> in day-of-week, where 0 and 7 are Sunday.</item>
/// <item>Vixie/ISC cron's star rule for the day fields: when either starts with <c>*</c> (<c>*/n</c> included) or is
/// <c>?</c>, a day must match both (<c>0 12 5 * */1</c> runs on the 5th); when neither does, a day matching either runs
/// (<c>0 12 13 * FRI</c> runs on the 13th and on every Friday).</item>
/// <item>A local time skipped when clocks go forward runs once, at the first instant after the gap.</item>
/// <item>In a repeated local hour (clocks going back), an expression whose second, minute and hour fields are all single
/// values runs once, in the first pass; one with a wildcard, range, list or step in any of them runs in both passes.</item>
/// </list>
/// Thread-safe and immutable.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>How the two day fields combine (Vixie/ISC cron's star rule), in words for users: error messages and API
    /// descriptions quote it.</summary>
    public const string DayFieldsRule = "a day field that starts with * (*/2 included) or is ? makes a day match both day fields; " +
        "only when neither does, a day matching either runs";

    /// <summary>How far from an instant the schedule looks for clock changes that matter to it (the longest repeated
    /// local period in the tz database is far shorter).</summary>
    static readonly long Window = TimeSpan.TicksPerDay * 2;

    /// <summary>More than any UTC offset ever used (the tz database's extremes are about -15:56 and +15:13).</summary>
    static readonly long MaxUtcOffset = TimeSpan.TicksPerHour * 16;

    readonly CronExpression _expression;
    readonly ZoneTimeline _timeline;

    CronSchedule(string expression, TimeZoneInfo timeZone, CronExpression parsed)
    {
        Expression = expression;
        TimeZone = timeZone;
        _expression = parsed;
        _timeline = new ZoneTimeline(timeZone);
    }

    /// <summary>The expression as given (trimmed).</summary>
    public string Expression { get; }

    /// <summary>The zone the expression is read in; UTC when none was given.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Reads <paramref name="expression"/> in <paramref name="timeZone"/> (an IANA id; null means UTC). On failure
    /// <paramref name="error"/> names the cron field that is wrong and what it accepts, or says the time zone is unknown.</summary>
    public static bool TryParse(string expression, string? timeZone, [NotNullWhen(true)] out CronSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (!CronParser.TryParse(expression, out var parsed, out error) || !CronTimeZones.TryFind(timeZone, out var zone, out error))
            return false;

        schedule = new CronSchedule(expression.Trim(), zone, parsed);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, but throws <see cref="InvalidCronScheduleException"/> (whose
    /// <see cref="ArgumentException.ParamName"/> is <c>expression</c> or <c>timeZone</c>) with the same message.</summary>
    public static CronSchedule Parse(string expression, string? timeZone = null)
    {
        if (!CronParser.TryParse(expression, out var parsed, out var error))
            throw new InvalidCronScheduleException(error, nameof(expression));
        if (!CronTimeZones.TryFind(timeZone, out var zone, out error))
            throw new InvalidCronScheduleException(error, nameof(timeZone));
        return new CronSchedule(expression.Trim(), zone, parsed);
    }

    /// <summary>Finds an IANA time zone by id (null means UTC; Windows ids are not accepted), or says why not.</summary>
    public static bool TryFindTimeZone(string? timeZone, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error) =>
        CronTimeZones.TryFind(timeZone, out zone, out error);

    /// <summary>The first occurrence strictly after <paramref name="afterExclusive"/>, as a UTC instant (offset zero);
    /// null when there is none before the end of year 9999.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset afterExclusive)
    {
        var after = afterExclusive.UtcTicks;

        // The latest local time the clock has shown up to now: after clocks go back it is ahead of the current local time,
        // and everything up to it has had its first pass.
        var reached = after + _timeline.OffsetAt(after);
        long? repeated = null;
        foreach (var transition in _timeline.TransitionsBetween(after - Window, after + Window))
        {
            if (transition.Instant <= after)
                reached = Math.Max(reached, transition.Instant + transition.OffsetBefore - 1);
            if (_expression.RunsInBothPasses && transition.OffsetAfter < transition.OffsetBefore)
                repeated = Earliest(repeated, SecondPass(transition, after));
        }

        var local = _expression.NextLocal(reached, inclusive: false);
        var first = local is null ? null : FirstInstant(local.Value);
        return Earliest(first, repeated) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>The occurrences in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>], oldest first, at most
    /// <paramref name="maxCount"/>; UTC instants. Lazy: stop enumerating to stop computing.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset fromExclusive, DateTimeOffset toInclusive, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return OccurrenceSequence.Walk(GetNextOccurrence, fromExclusive, toInclusive, maxCount);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    /// <summary>The first instant whose local time is <paramref name="local"/> or later: the local time itself, or the end
    /// of the gap when clocks skipped over it.</summary>
    long? FirstInstant(long local)
    {
        // Local time is within MaxUtcOffset of the instant, so the answer lies within MaxUtcOffset of `local`.
        var low = Math.Max(local - MaxUtcOffset, DateTime.MinValue.Ticks);
        var high = Math.Min(local + MaxUtcOffset, DateTime.MaxValue.Ticks);
        long? best = null;
        var segmentStart = low;
        var offset = _timeline.OffsetAt(low);
        foreach (var transition in _timeline.TransitionsBetween(low, high))
        {
            best = Earliest(best, InSegment(segmentStart, transition.Instant, offset));
            segmentStart = transition.Instant;
            offset = transition.OffsetAfter;
        }

        return Earliest(best, InSegment(segmentStart, high + 1, offset));

        // In a stretch of constant offset the local time grows with the instant: the first instant of the stretch showing
        // `local` or later.
        long? InSegment(long start, long end, long segmentOffset)
        {
            var instant = Math.Max(start, local - segmentOffset);
            return instant < end && instant >= DateTime.MinValue.Ticks && instant <= DateTime.MaxValue.Ticks ? instant : null;
        }
    }

    /// <summary>The first second-pass instant after <paramref name="after"/> in the local period that
    /// <paramref name="fallBack"/> repeats.</summary>
    long? SecondPass(OffsetTransition fallBack, long after)
    {
        var repeatedStart = fallBack.Instant + fallBack.OffsetAfter;
        var repeatedEnd = fallBack.Instant + fallBack.OffsetBefore;
        var from = Math.Max(repeatedStart, after + fallBack.OffsetAfter + 1);
        var lastYear = new DateTime(Math.Min(repeatedEnd, DateTime.MaxValue.Ticks), DateTimeKind.Unspecified).Year;
        return _expression.NextLocal(from, inclusive: true, lastYear) is { } local && local < repeatedEnd ? local - fallBack.OffsetAfter : null;
    }

    static long? Earliest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
