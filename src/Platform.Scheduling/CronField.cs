namespace Platform.Scheduling;

/// <summary>What one field of a cron expression accepts, for parsing and for telling users what is accepted.</summary>
internal sealed record CronField(string Name, int Min, int Max, string Accepts, IReadOnlyList<string>? Names = null)
{
    public static readonly CronField Second = new("second", 0, 59,
        "0-59, *, ranges (10-20), lists (0,30) and steps (*/15, 5/10, 10-40/5)");

    public static readonly CronField Minute = new("minute", 0, 59,
        "0-59, *, ranges (10-20), lists (0,30) and steps (*/15, 5/10, 10-40/5)");

    public static readonly CronField Hour = new("hour", 0, 23,
        "0-23, *, ranges (9-17), lists (9,12,18) and steps (*/2, 1/3, 8-18/2)");

    public static readonly CronField DayOfMonth = new("day-of-month", 1, 31,
        "1-31, * or ?, ranges (1-15), lists (1,15), steps (*/2, 1-15/3), L (last day), L-n (n days before the last), nW (the weekday nearest day n, e.g. 15W) and LW (the last weekday); " + CronSchedule.DayFieldsRule);

    public static readonly CronField Month = new("month", 1, 12,
        "1-12 or JAN-DEC, *, ranges (JAN-MAR), lists (1,4,7,10) and steps (*/3)",
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);

    public static readonly CronField DayOfWeek = new("day-of-week", 0, 7,
        "0-7 or SUN-SAT (0 and 7 are Sunday), * or ?, ranges (MON-FRI), lists (MON,WED), steps (*/2), nL (the last day n of the month, e.g. 5L or FRIL) and n#k (the k-th day n of the month, e.g. FRI#3); " + CronSchedule.DayFieldsRule,
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]);

    /// <summary>The highest value a wildcard covers: day-of-week's 7 is only another name for Sunday.</summary>
    public int WildcardMax => this == DayOfWeek ? 6 : Max;

    /// <summary>The value of a number or (month, day-of-week) a name, with the reason when it is not acceptable.</summary>
    public bool TryValue(string token, out int value, out string? problem)
    {
        problem = null;
        if (token.Length > 0 && token.All(char.IsAsciiDigit))
        {
            if (token.Length <= 9 && int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) is var number
                && number >= Min && number <= Max)
            {
                value = number;
                return true;
            }

            value = 0;
            problem = $"'{token}' is out of range";
            return false;
        }

        if (Names is not null)
        {
            for (var i = 0; i < Names.Count; i++)
            {
                if (string.Equals(Names[i], token, StringComparison.OrdinalIgnoreCase))
                {
                    value = i + Min;
                    return true;
                }
            }
        }

        value = 0;
        problem = token.Length == 0
            ? "a value is missing"
            : Names is null ? $"'{token}' is not a number" : $"'{token}' is not a number or a name";
        return false;
    }
}
