using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Platform.Scheduling;

/// <summary>Reads 5-field (minute hour day-of-month month day-of-week) and 6-field (seconds first) cron expressions and
/// says, for users, which field is wrong and what it accepts.</summary>
internal static class CronParser
{
    const string Forms = "5 fields (minute hour day-of-month month day-of-week, e.g. '30 9 * * MON-FRI') or 6 with seconds first (e.g. '0 30 9 * * MON-FRI')";

    /// <summary>Years the never-matches check scans: the Gregorian calendar, weekdays included, repeats every 400 years.</summary>
    const int CalendarCycleYears = 400;

    public static bool TryParse(string? expression, [NotNullWhen(true)] out CronExpression? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = $"the cron expression is empty: write {Forms}";
            return false;
        }

        var parts = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            error = $"'{expression.Trim()}' has {parts.Length} field{(parts.Length == 1 ? "" : "s")}; a cron expression has {Forms}";
            return false;
        }

        var withSeconds = parts.Length == 6;
        var first = withSeconds ? 1 : 0;
        string secondText = withSeconds ? parts[0] : "0", minuteText = parts[first], hourText = parts[first + 1];
        string dayOfMonthText = parts[first + 2], monthText = parts[first + 3], dayOfWeekText = parts[first + 4];

        if (!TryParseSimple(secondText, CronField.Second, out var seconds, out error)
            || !TryParseSimple(minuteText, CronField.Minute, out var minutes, out error)
            || !TryParseSimple(hourText, CronField.Hour, out var hours, out error)
            || !TryParseDayOfMonth(dayOfMonthText, out var dayOfMonth, out error)
            || !TryParseSimple(monthText, CronField.Month, out var months, out error)
            || !TryParseDayOfWeek(dayOfWeekText, out var dayOfWeek, out error))
            return false;

        var parsed = new CronExpression
        {
            Seconds = seconds,
            Minutes = minutes,
            Hours = hours,
            DaysOfMonth = dayOfMonth.Days,
            DaysBeforeLast = dayOfMonth.DaysBeforeLast,
            NearestWeekdays = dayOfMonth.NearestWeekdays,
            LastWeekdayOfMonth = dayOfMonth.LastWeekday,
            Months = months,
            DaysOfWeek = dayOfWeek.Days,
            LastDaysOfWeek = dayOfWeek.Last,
            NthDaysOfWeek = dayOfWeek.Nth,
            DayOfMonthStar = IsStar(dayOfMonthText),
            DayOfWeekStar = IsStar(dayOfWeekText),
            RunsInBothPasses = !(IsSingleValue(secondText) && IsSingleValue(minuteText) && IsSingleValue(hourText)),
        };

        var cycleStart = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        if (parsed.NextLocal(cycleStart.Ticks, inclusive: true, lastYear: cycleStart.Year + CalendarCycleYears) is null)
        {
            error = $"the day-of-month ('{dayOfMonthText}'), month ('{monthText}') and day-of-week ('{dayOfWeekText}') fields never " +
                "match a real date (such as day 30 in February), so the expression would never run" +
                (IsStarWithMore(dayOfMonthText) || IsStarWithMore(dayOfWeekText) ? $" ({CronSchedule.DayFieldsRule})" : "");
            return false;
        }

        result = parsed;
        error = null;
        return true;
    }

    static bool IsSingleValue(string text) => text.All(char.IsAsciiDigit);

    /// <summary>Vixie/ISC cron: a day field that starts with <c>*</c> is unrestricted, whatever follows (<c>*/2</c>); the
    /// platform's <c>?</c> is another way of writing <c>*</c>.</summary>
    static bool IsStar(string text) => text.StartsWith('*') || text == "?";

    /// <summary><c>*/2</c> or <c>*,15</c>: a star field that a user may have meant as restricted.</summary>
    static bool IsStarWithMore(string text) => text.Length > 1 && text[0] == '*';

    static string Error(CronField field, string text, string problem) =>
        $"{field.Name} field '{text}': {problem}; it accepts {field.Accepts}";

    static bool TryParseSimple(string text, CronField field, out ulong bits, [NotNullWhen(false)] out string? error)
    {
        bits = 0;
        foreach (var item in text.Split(','))
        {
            string? problem;
            if (item == "?")
                problem = "'?' is only accepted in the day-of-month and day-of-week fields";
            else
                TryAddRange(item, text, field, ref bits, out problem);

            if (problem is not null)
            {
                error = Error(field, text, problem);
                return false;
            }
        }

        error = null;
        return true;
    }

    static bool TryParseDayOfMonth(string text, out (ulong Days, ulong DaysBeforeLast, ulong NearestWeekdays, bool LastWeekday) result,
        [NotNullWhen(false)] out string? error)
    {
        var field = CronField.DayOfMonth;
        ulong daysBeforeLast = 0, nearestWeekdays = 0;
        var lastWeekday = false;
        var parsed = TryParseDays(text, field, (item, upper) =>
        {
            if (upper == "L")
            {
                daysBeforeLast |= 1;
                return (true, null);
            }

            if (upper == "LW")
            {
                lastWeekday = true;
                return (true, null);
            }

            if (upper.StartsWith("L-", StringComparison.Ordinal))
            {
                var offset = upper[2..];
                if (offset.Length is > 0 and <= 2 && offset.All(char.IsAsciiDigit) && int.Parse(offset, CultureInfo.InvariantCulture) <= 30)
                {
                    daysBeforeLast |= 1UL << int.Parse(offset, CultureInfo.InvariantCulture);
                    return (true, null);
                }

                return (true, $"in '{item}' the number of days before the last must be 0-30 (L-3 is three days before the last day)");
            }

            if (upper.Length > 1 && upper.EndsWith('W') && upper[..^1].All(char.IsAsciiDigit))
            {
                if (field.TryValue(upper[..^1], out var day, out var problem))
                    nearestWeekdays |= 1UL << day;
                return (true, problem);
            }

            if (upper.Contains('L', StringComparison.Ordinal) || upper.Contains('W', StringComparison.Ordinal))
                return (true, $"'{item}' is not a valid use of L or W (write L, L-3, LW or a day with W such as 15W, each on its own)");
            return (false, null);
        }, out var days, out error);
        result = (days, daysBeforeLast, nearestWeekdays, lastWeekday);
        return parsed;
    }

    static bool TryParseDayOfWeek(string text, out (ulong Days, ulong Last, ulong Nth) result, [NotNullWhen(false)] out string? error)
    {
        var field = CronField.DayOfWeek;
        ulong last = 0, nth = 0;
        var parsed = TryParseDays(text, field, (item, upper) =>
        {
            if (upper == "L")
                return (true, "'L' needs a day before it here, e.g. 5L or FRIL for the last Friday of the month");
            if (upper.Contains('#', StringComparison.Ordinal))
            {
                var pieces = upper.Split('#');
                if (pieces.Length != 2 || pieces[1] is not ("1" or "2" or "3" or "4" or "5"))
                    return (true, $"in '{item}' the number after # must be 1-5 (FRI#3 is the third Friday of the month)");
                if (field.TryValue(pieces[0], out var day, out var problem))
                    nth |= 1UL << ((day % 7 * 8) + int.Parse(pieces[1], CultureInfo.InvariantCulture));
                return (true, problem);
            }

            if (upper.Length > 1 && upper.EndsWith('L'))
            {
                if (field.TryValue(upper[..^1], out var day, out var problem))
                    last |= 1UL << (day % 7);
                return (true, problem);
            }

            return (false, null);
        }, out var days, out error);
        result = (days, last, nth);
        return parsed;
    }

    /// <summary>A day field: <c>?</c> alone is any day; each comma-separated item is either a special form
    /// <paramref name="special"/> takes (given the item as written and upper-cased; it answers whether it took it and what is
    /// wrong with it, if anything) or a range of days.</summary>
    static bool TryParseDays(string text, CronField field, Func<string, string, (bool Taken, string? Problem)> special, out ulong days,
        [NotNullWhen(false)] out string? error)
    {
        days = 0;
        if (text == "?")
        {
            days = AllBits(field);
            error = null;
            return true;
        }

        foreach (var item in text.Split(','))
        {
            var (taken, problem) = special(item, item.ToUpperInvariant());
            if (!taken && item == "?")
                problem = "'?' must stand alone (it means any day)";
            else if (!taken)
                TryAddRange(item, text, field, ref days, out problem);
            if (problem is not null)
            {
                error = Error(field, text, problem);
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>Adds one list item: <c>*</c>, <c>n</c>, <c>a-b</c>, <c>*/s</c>, <c>a/s</c> or <c>a-b/s</c>.</summary>
    static bool TryAddRange(string item, string text, CronField field, ref ulong bits, out string? problem)
    {
        if (item.Length == 0)
        {
            problem = $"'{text}' has an empty list item";
            return false;
        }

        var slash = item.Split('/');
        if (slash.Length > 2)
        {
            problem = $"'{item}' has more than one '/'";
            return false;
        }

        var step = 1;
        if (slash.Length == 2)
        {
            var stepText = slash[1];
            if (stepText.Length is 0 or > 2 || !stepText.All(char.IsAsciiDigit)
                || (step = int.Parse(stepText, CultureInfo.InvariantCulture)) < 1 || step > field.WildcardMax)
            {
                problem = $"the step in '{item}' must be a whole number from 1 to {field.WildcardMax}";
                return false;
            }
        }

        int low, high;
        if (slash[0] == "*")
        {
            (low, high) = (field.Min, field.WildcardMax);
        }
        else
        {
            var dash = slash[0].Split('-');
            if (dash.Length > 2)
            {
                problem = $"'{item}' has more than one '-'";
                return false;
            }

            if (!field.TryValue(dash[0], out low, out problem))
                return false;

            if (dash.Length == 2)
            {
                if (!field.TryValue(dash[1], out high, out problem))
                    return false;
                if (field == CronField.DayOfWeek && high == 0 && low > 0)
                    high = 7; // FRI-SUN: Sunday closes the week
                if (low > high)
                {
                    problem = $"'{item}' is a reversed range: write the lower value first";
                    return false;
                }
            }
            else
            {
                high = slash.Length == 2 ? Math.Max(low, field.WildcardMax) : low;
            }
        }

        for (var value = low; value <= high; value += step)
            bits |= 1UL << (field == CronField.DayOfWeek ? value % 7 : value);

        problem = null;
        return true;
    }

    static ulong AllBits(CronField field)
    {
        ulong bits = 0;
        for (var value = field.Min; value <= field.WildcardMax; value++)
            bits |= 1UL << value;
        return bits;
    }
}
