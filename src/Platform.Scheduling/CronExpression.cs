using System.Numerics;

namespace Platform.Scheduling;

/// <summary>A parsed cron expression matched against local wall-clock time (no time zone: <see cref="CronSchedule"/> adds it).
/// Each field is a bit set; day-of-month and day-of-week also carry their special forms (L, W, #).</summary>
internal sealed class CronExpression
{
    public required ulong Seconds { get; init; }
    public required ulong Minutes { get; init; }
    public required ulong Hours { get; init; }

    /// <summary>Bits 1-31: plain days of the month.</summary>
    public required ulong DaysOfMonth { get; init; }

    /// <summary>Bit n: the day n days before the last day of the month (<c>L</c> is bit 0, <c>L-3</c> bit 3).</summary>
    public required ulong DaysBeforeLast { get; init; }

    /// <summary>Bit n: the weekday nearest to day n, within the month (<c>15W</c>).</summary>
    public required ulong NearestWeekdays { get; init; }

    /// <summary><c>LW</c>: the last weekday (Monday-Friday) of the month.</summary>
    public required bool LastWeekdayOfMonth { get; init; }

    /// <summary>Bits 1-12.</summary>
    public required ulong Months { get; init; }

    /// <summary>Bits 0-6, Sunday = 0.</summary>
    public required ulong DaysOfWeek { get; init; }

    /// <summary>Bit d: the last day d of the month (<c>5L</c>, <c>FRIL</c>).</summary>
    public required ulong LastDaysOfWeek { get; init; }

    /// <summary>Bit d * 8 + k: the k-th (1-5) day d of the month (<c>FRI#3</c>).</summary>
    public required ulong NthDaysOfWeek { get; init; }

    /// <summary>The day-of-month field starts with <c>*</c> (<c>*</c>, <c>*/2</c>, <c>*,15</c>) or is <c>?</c>: Vixie cron counts
    /// it as unrestricted, so a day must match both day fields.</summary>
    public required bool DayOfMonthStar { get; init; }

    /// <summary>The day-of-week field starts with <c>*</c> (<c>*</c>, <c>*/2</c>) or is <c>?</c>, as for
    /// <see cref="DayOfMonthStar"/>.</summary>
    public required bool DayOfWeekStar { get; init; }

    /// <summary>The second, minute or hour field is not a single value (a wildcard, range, list or step): such an expression
    /// runs in both passes of a repeated fall-back hour; one made of single values runs in the first pass only.</summary>
    public required bool RunsInBothPasses { get; init; }

    /// <summary>The first local time at or after <paramref name="fromTicks"/> (or after, when not inclusive) that matches every
    /// field, on whole seconds; null when there is none up to the end of <paramref name="lastYear"/>.</summary>
    public long? NextLocal(long fromTicks, bool inclusive, int lastYear = 9999)
    {
        var start = inclusive ? fromTicks : fromTicks + 1;
        var remainder = start % TimeSpan.TicksPerSecond;
        if (remainder != 0)
            start += TimeSpan.TicksPerSecond - remainder;
        if (start > DateTime.MaxValue.Ticks)
            return null;
        start = Math.Max(start, 0);

        var from = new DateTime(start, DateTimeKind.Unspecified);
        int year = from.Year, month = from.Month, day = from.Day;
        int hour = from.Hour, minute = from.Minute, second = from.Second;

        while (year <= lastYear)
        {
            if (!Has(Months, month))
            {
                var nextMonth = NextBit(Months, month + 1);
                if (nextMonth < 0)
                {
                    year++;
                    nextMonth = NextBit(Months, 1);
                }
                month = nextMonth;
                day = 1;
                hour = minute = second = 0;
                continue;
            }

            var daysInMonth = DateTime.DaysInMonth(year, month);
            if (day > daysInMonth)
            {
                if (++month > 12)
                {
                    year++;
                    month = 1;
                }
                day = 1;
                hour = minute = second = 0;
                continue;
            }

            if (DayMatches(year, month, day, daysInMonth) && NextTime(hour, minute, second) is var (h, m, s))
                return new DateTime(year, month, day, h, m, s, DateTimeKind.Unspecified).Ticks;

            day++;
            hour = minute = second = 0;
        }

        return null;
    }

    (int Hour, int Minute, int Second)? NextTime(int hour, int minute, int second)
    {
        for (var h = NextBit(Hours, hour); h >= 0; h = NextBit(Hours, h + 1))
        {
            for (var m = NextBit(Minutes, h == hour ? minute : 0); m >= 0; m = NextBit(Minutes, m + 1))
            {
                var s = NextBit(Seconds, h == hour && m == minute ? second : 0);
                if (s >= 0)
                    return (h, m, s);
            }
        }

        return null;
    }

    /// <summary>Vixie/ISC cron's star rule: when either day field starts with <c>*</c> (<c>*/n</c> included) a day must match
    /// both fields (a plain <c>*</c> matches every day, so the other field decides); when neither does, a day matching either
    /// runs.</summary>
    bool DayMatches(int year, int month, int day, int daysInMonth) =>
        DayOfMonthStar || DayOfWeekStar
            ? DayOfMonthMatches(year, month, day, daysInMonth) && DayOfWeekMatches(year, month, day, daysInMonth)
            : DayOfMonthMatches(year, month, day, daysInMonth) || DayOfWeekMatches(year, month, day, daysInMonth);

    bool DayOfMonthMatches(int year, int month, int day, int daysInMonth)
    {
        if (Has(DaysOfMonth, day) || Has(DaysBeforeLast, daysInMonth - day))
            return true;
        if (LastWeekdayOfMonth && day == LastWeekday(year, month, daysInMonth))
            return true;
        for (var n = NextBit(NearestWeekdays, 1); n >= 0; n = NextBit(NearestWeekdays, n + 1))
        {
            if (n <= daysInMonth && NearestWeekday(year, month, n, daysInMonth) == day)
                return true;
        }

        return false;
    }

    bool DayOfWeekMatches(int year, int month, int day, int daysInMonth)
    {
        var dayOfWeek = (int)new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).DayOfWeek;
        return Has(DaysOfWeek, dayOfWeek)
            || (Has(LastDaysOfWeek, dayOfWeek) && day + 7 > daysInMonth)
            || Has(NthDaysOfWeek, (dayOfWeek * 8) + ((day - 1) / 7) + 1);
    }

    /// <summary>The weekday nearest to day <paramref name="day"/> without leaving the month: a Saturday moves to the Friday
    /// before (or the Monday after, on the 1st), a Sunday to the Monday after (or the Friday before, on the last day).</summary>
    static int NearestWeekday(int year, int month, int day, int daysInMonth) =>
        new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).DayOfWeek switch
        {
            DayOfWeek.Saturday => day == 1 ? 3 : day - 1,
            DayOfWeek.Sunday => day == daysInMonth ? day - 2 : day + 1,
            _ => day,
        };

    static int LastWeekday(int year, int month, int daysInMonth) =>
        new DateTime(year, month, daysInMonth, 0, 0, 0, DateTimeKind.Unspecified).DayOfWeek switch
        {
            DayOfWeek.Saturday => daysInMonth - 1,
            DayOfWeek.Sunday => daysInMonth - 2,
            _ => daysInMonth,
        };

    static bool Has(ulong bits, int bit) => bit is >= 0 and < 64 && (bits & (1UL << bit)) != 0;

    /// <summary>The lowest set bit at or above <paramref name="from"/>, or -1.</summary>
    static int NextBit(ulong bits, int from)
    {
        if (from > 63)
            return -1;
        var masked = bits & (ulong.MaxValue << from);
        return masked == 0 ? -1 : BitOperations.TrailingZeroCount(masked);
    }
}
