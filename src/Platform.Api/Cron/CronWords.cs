using System.Globalization;

namespace Platform.Api.Cron;

/// <summary>
/// A cron expression in words, for operators reading a job ("at 09:30, Monday through Friday"). Covers the 5- and
/// 6-field forms the scheduler accepts (seconds first in 6), with <c>* , - /</c>, names, and <c>L W #</c>; the expression
/// must have passed <c>CronSchedule.TryParse</c>. The words describe, the scheduler decides: the next occurrences shown
/// beside them are computed, not described.
/// </summary>
public static class CronWords
{
    static readonly string[] DayWords = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    static readonly string[] MonthWords = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    static readonly string[] MonthNames = ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    static readonly string[] Ordinals = ["", "first", "second", "third", "fourth", "fifth"];

    public static string Describe(string expression)
    {
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var (second, rest) = fields.Length == 6 ? (fields[0], fields[1..]) : ("0", fields);
        if (rest.Length != 5)
            return expression;
        var (minute, hour, dayOfMonth, month, dayOfWeek) = (rest[0], rest[1], rest[2], rest[3].ToUpperInvariant(), rest[4].ToUpperInvariant());

        var parts = new List<string> { Time(second, minute, hour) };
        var days = DaysOf(dayOfMonth, dayOfWeek);
        if (days is not null)
            parts.Add(days);
        if (month is not ("*" or "?"))
            parts.Add("in " + Field(month, v => MonthWords[Number(v, MonthNames)]));
        return string.Join(", ", parts);
    }

    static string Time(string second, string minute, string hour)
    {
        if (IsNumber(second) && IsNumber(minute) && IsNumber(hour))
            return $"at {Two(hour)}:{Two(minute)}" + (second is "0" or "00" ? "" : $":{Two(second)}");
        if (IsNumber(minute) && IsNumber(second) && hour.Split(',').All(IsNumber))
            return "at " + string.Join(" and ", hour.Split(',').Select(h => $"{Two(h)}:{Two(minute)}" + (second is "0" or "00" ? "" : $":{Two(second)}")));

        var words = new List<string>();
        if (second is not ("0" or "00"))
            words.Add(Unit(second, "second"));
        if (!(minute == "*" && words.Count > 0 && hour == "*") || second is "0" or "00")
            words.Add(Unit(minute, "minute"));
        if (hour != "*")
            words.Add(Unit(hour, "hour"));
        return string.Join(", ", words.Where(w => w.Length > 0));
    }

    /// <summary>One time field in words: every unit, every n units, at unit n, from a through b.</summary>
    static string Unit(string field, string unit)
    {
        if (field == "*")
            return $"every {unit}";
        if (field.StartsWith("*/", StringComparison.Ordinal))
            return $"every {field[2..]} {unit}s";
        return $"at {unit} " + Field(field, v => v);
    }

    static string? DaysOf(string dayOfMonth, string dayOfWeek)
    {
        var anyDate = dayOfMonth is "*" or "?";
        var anyWeekday = dayOfWeek is "*" or "?";
        if (anyDate && anyWeekday)
            return null;
        var date = anyDate ? null : DayOfMonth(dayOfMonth);
        var weekday = anyWeekday ? null : DayOfWeek(dayOfWeek);
        // Vixie/ISC cron's star rule: when a day field starts with * (*/n too), a day must match both fields; otherwise either.
        var both = dayOfMonth.StartsWith('*') || dayOfWeek.StartsWith('*');
        return (date, weekday) switch
        {
            ({ } d, { } w) => both ? $"{d} and {w}" : $"{d} or {w}",
            ({ } d, null) => d,
            (null, { } w) => w,
            _ => null,
        };
    }

    static string DayOfMonth(string field) => field switch
    {
        "L" => "on the last day of the month",
        "LW" => "on the last weekday of the month",
        _ when field.StartsWith("L-", StringComparison.Ordinal) => $"{field[2..]} days before the last day of the month",
        _ when field.EndsWith('W') => $"on the weekday nearest day {field[..^1]} of the month",
        _ when field.StartsWith("*/", StringComparison.Ordinal) => $"every {field[2..]} days of the month",
        _ => "on day " + Field(field, v => v) + " of the month",
    };

    static string DayOfWeek(string field)
    {
        if (field.Contains('#', StringComparison.Ordinal))
        {
            var (day, nth) = (field[..field.IndexOf('#', StringComparison.Ordinal)], field[(field.IndexOf('#', StringComparison.Ordinal) + 1)..]);
            var ordinal = int.TryParse(nth, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5 ? Ordinals[n] : nth;
            return $"on the {ordinal} {DayWords[Number(day, DayNames)]} of the month";
        }

        if (field.EndsWith('L') && field.Length > 1)
            return $"on the last {DayWords[Number(field[..^1], DayNames)]} of the month";
        return "on " + Field(field, v => DayWords[Number(v, DayNames)]);
    }

    /// <summary>A list of values and ranges (each with an optional step), each value named by <paramref name="name"/>.</summary>
    static string Field(string field, Func<string, string> name)
    {
        var items = field.Split(',').Select(item =>
        {
            var (range, step) = item.Contains('/', StringComparison.Ordinal)
                ? (item[..item.IndexOf('/', StringComparison.Ordinal)], item[(item.IndexOf('/', StringComparison.Ordinal) + 1)..])
                : (item, null);
            var text = range.Contains('-', StringComparison.Ordinal)
                ? $"{name(range[..range.IndexOf('-', StringComparison.Ordinal)])} through {name(range[(range.IndexOf('-', StringComparison.Ordinal) + 1)..])}"
                : range == "*" ? "every one" : name(range);
            return step is null ? text : $"every {step} from {text}";
        }).ToList();
        return items.Count switch
        {
            1 => items[0],
            _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
        };
    }

    static int Number(string value, string[] names)
    {
        var index = Array.IndexOf(names, value.ToUpperInvariant());
        return index >= 0 ? index : int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number >= 0 && number < Math.Max(names.Length, 8) ? number : 0;
    }

    static bool IsNumber(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);

    static string Two(string value) => int.Parse(value, CultureInfo.InvariantCulture).ToString("00", CultureInfo.InvariantCulture);
}
