using System.Globalization;

namespace Platform.Scheduling.Tests.Differential;

/// <summary>One comparison: the occurrences of <see cref="Expression"/> in <see cref="Zone"/> strictly after
/// <see cref="After"/> and up to <see cref="Until"/>, at most <see cref="CronCaseGenerator.MaxOccurrences"/>.
/// <see cref="Anchor"/> is the clock change (or, for one case in ten, the calendar day) the case was written around.</summary>
internal sealed record CronCase(int Number, string Expression, TimeZoneInfo Zone, DateTimeOffset After, DateTimeOffset Until, DateTimeOffset Anchor);

/// <summary>
/// Random cron expressions and start instants near the clock changes of 20 zones, 2020-2030. Each case belongs to one
/// clock change (the cases go round every change of every zone, so each is covered), starts from a few seconds to a few
/// days around it, and has fields biased towards the local times, days and months around it, so that most cases have
/// occurrences near the change. One case in ten is written around a random day of 2020-2030 instead, mostly near the end
/// or start of a month (leap days, year ends), for the day fields' sake. Case n depends only on the seed and n.
/// </summary>
internal sealed class CronCaseGenerator
{
    public const int MaxOccurrences = 16;

    static readonly TimeSpan Window = TimeSpan.FromDays(2);

    /// <summary>Half-hour and 45-minute offsets, 30-minute DST, negative DST, DST abolished, Ramadan suspensions, changes at
    /// midnight, a change of standard offset (Nuuk 2023), a 2-hour DST, and zones without changes.</summary>
    public static readonly string[] ZoneIds =
    [
        "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "Australia/Adelaide", "America/New_York",
        "Europe/London", "Europe/Berlin", "America/Sao_Paulo", "Asia/Tehran", "America/Santiago",
        "Pacific/Auckland", "America/St_Johns", "Europe/Dublin", "Africa/Casablanca", "UTC",
        "America/Havana", "Africa/Cairo", "America/Nuuk", "Antarctica/Troll", "America/Asuncion",
    ];

    static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    readonly int _seed;

    public CronCaseGenerator(int seed)
    {
        _seed = seed;
        Switches = ZoneIds.SelectMany(id =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return SwitchesOf(zone).Select(instant => (zone, instant));
        }).ToList();
    }

    /// <summary>Every clock change the cases go round: each zone's changes in 2020-2030; for a zone without any, its last
    /// ones in 2010-2019 (America/Sao_Paulo's DST ended in 2019); for a zone without those either (UTC, Asia/Kathmandu),
    /// the instants of New York's changes.</summary>
    public IReadOnlyList<(TimeZoneInfo Zone, DateTimeOffset Instant)> Switches { get; }

    public CronCase Case(int number)
    {
        var random = new Random(unchecked((_seed * 1_000_003) + number));
        var (zone, change) = Switches[number % Switches.Count];
        var instant = random.Next(10) == 0 ? CalendarDay(random) : change;
        var before = zone.GetUtcOffset(instant.AddSeconds(-1));
        var after = zone.GetUtcOffset(instant);
        var start = Start(random, instant, (after - before).Duration());
        var expression = Expression(random, zone, instant, before, after, start);
        return new CronCase(number, expression, zone, start, start + Window, instant);
    }

    /// <summary>A random hour of 2020-2030, on a month's first two or last three days or on the 29th, 30th or 31st when the
    /// month has them, or on any day.</summary>
    static DateTimeOffset CalendarDay(Random random)
    {
        var year = random.Next(2020, 2031);
        var month = random.Next(1, 13);
        var last = DateTime.DaysInMonth(year, month);
        var day = random.Next(4) switch
        {
            0 => random.Next(1, 3),
            1 => last - random.Next(3),
            2 => Math.Min(last, random.Next(29, 32)),
            _ => random.Next(1, last + 1),
        };
        return new DateTimeOffset(year, month, day, random.Next(24), 0, 0, TimeSpan.Zero);
    }

    static List<DateTimeOffset> SwitchesOf(TimeZoneInfo zone)
    {
        var found = ChangesBetween(zone, 2020, 2030);
        if (found.Count == 0)
            found = ChangesBetween(zone, 2010, 2019);
        if (found.Count == 0)
            found = ChangesBetween(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), 2020, 2030);
        return found;
    }

    /// <summary>The instants the zone's UTC offset changes, to the second (sampled every 15 minutes, then bisected).</summary>
    static List<DateTimeOffset> ChangesBetween(TimeZoneInfo zone, int firstYear, int lastYear)
    {
        var changes = new List<DateTimeOffset>();
        var step = TimeSpan.FromMinutes(15);
        var end = new DateTimeOffset(lastYear + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var low = new DateTimeOffset(firstYear, 1, 1, 0, 0, 0, TimeSpan.Zero); low < end; low += step)
        {
            var high = low + step;
            if (zone.GetUtcOffset(low) == zone.GetUtcOffset(high))
                continue;
            var (a, b) = (low, high);
            while (b - a > TimeSpan.FromSeconds(1))
            {
                var middle = a + ((b - a) / 2);
                middle = middle.AddTicks(-(middle.UtcTicks % TimeSpan.TicksPerSecond));
                if (zone.GetUtcOffset(middle) == zone.GetUtcOffset(low))
                    a = middle;
                else
                    b = middle;
            }

            changes.Add(b);
        }

        return changes;
    }

    /// <summary>Mostly whole seconds near the change, some on its edges (the change itself, a second or a tick either side,
    /// the end of the repeated or skipped period), some a day or more before it, some at an odd tick.</summary>
    static DateTimeOffset Start(Random random, DateTimeOffset change, TimeSpan shift)
    {
        var roll = random.NextDouble();
        if (roll < 0.15)
        {
            TimeSpan[] edges =
            [
                TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1), TimeSpan.FromTicks(-1), TimeSpan.FromTicks(1),
                TimeSpan.FromMinutes(-1), shift, shift - TimeSpan.FromSeconds(1), shift / 2, -shift, TimeSpan.FromMinutes(-30),
            ];
            return change + edges[random.Next(edges.Length)];
        }

        var seconds = roll switch
        {
            < 0.55 => random.Next(-3 * 3600, 2 * 3600),
            < 0.85 => random.Next(-36 * 3600, 6 * 3600),
            _ => random.Next(-4 * 86400, 86400),
        };
        var start = change.AddSeconds(seconds);
        return random.NextDouble() < 0.1 ? start.AddTicks(random.Next(1, (int)TimeSpan.TicksPerSecond)) : start;
    }

    static string Expression(Random random, TimeZoneInfo zone, DateTimeOffset change, TimeSpan before, TimeSpan after, DateTimeOffset start)
    {
        // Local times around the change: the last one before it and the first after it, and the start's.
        var focus = new[]
        {
            (change.AddSeconds(-1) + before).UtcDateTime, (change + after).UtcDateTime, TimeZoneInfo.ConvertTime(start, zone).DateTime,
        };
        var day = random.Next(10) switch
        {
            < 5 => focus[random.Next(2)].Date,
            < 7 => focus[2].Date,
            _ => focus[random.Next(2)].Date.AddDays(random.Next(-2, 3)),
        };

        var fields = new List<string>();
        if (random.NextDouble() < 0.3)
            fields.Add(SecondField(random, focus));
        fields.Add(MinuteField(random, focus));
        fields.Add(HourField(random, focus));
        fields.Add(DayOfMonthField(random, day));
        fields.Add(MonthField(random, day));
        fields.Add(DayOfWeekField(random, day));
        return string.Join(' ', fields);
    }

    static string SecondField(Random random, DateTime[] focus) => random.Next(8) switch
    {
        0 or 1 or 2 => "0",
        3 => N(focus[random.Next(focus.Length)].Second),
        4 => $"*/{Pick(random, 1, 5, 10, 15, 20, 30, 7)}",
        5 => "*",
        6 => List(random, 2, () => N(random.Next(60))),
        _ => RangeAround(random, random.Next(60), 0, 59),
    };

    static string MinuteField(Random random, DateTime[] focus) => random.Next(12) switch
    {
        0 or 1 or 2 => N(focus[random.Next(focus.Length)].Minute),
        3 => N(Pick(random, 0, 15, 30, 45, 59, 1, 29, 44)),
        4 => N(random.Next(60)),
        5 => "*",
        6 or 7 => $"*/{Pick(random, 1, 2, 5, 10, 15, 20, 30, 7, 45)}",
        8 => RangeAround(random, focus[random.Next(focus.Length)].Minute, 0, 59),
        9 => StepThrough(focus[random.Next(focus.Length)].Minute, 0, Pick(random, 5, 10, 15, 30, 20)),
        _ => List(random, random.Next(2, 4), () => N(Pick(random, 0, 15, 30, 45, focus[0].Minute, random.Next(60)))),
    };

    static string HourField(Random random, DateTime[] focus)
    {
        var hour = focus[random.Next(focus.Length)].Hour;
        return random.Next(12) switch
        {
            0 or 1 or 2 or 3 => N(hour),
            4 => N((hour + random.Next(-1, 2) + 24) % 24),
            5 => "*",
            6 => $"*/{Pick(random, 1, 2, 3, 4, 6, 12, 5)}",
            7 or 8 => RangeAround(random, hour, 0, 23),
            9 => StepThrough(hour, 0, Pick(random, 2, 3, 4, 6)),
            _ => List(random, random.Next(2, 4), () => N((hour + random.Next(-2, 3) + 24) % 24)),
        };
    }

    static string DayOfMonthField(Random random, DateTime day)
    {
        var last = DateTime.DaysInMonth(day.Year, day.Month);
        return random.Next(20) switch
        {
            0 or 1 or 2 or 3 or 4 => "*",
            5 => "?",
            6 or 7 => $"*/{Pick(random, 1, 2, 3, 5, 7, 10, 15)}",
            8 or 9 => N(day.Day),
            10 => RangeAround(random, day.Day, 1, 31),
            11 => $"{Math.Max(1, day.Day - random.Next(3))}-{Math.Min(31, day.Day + random.Next(3))}/{Pick(random, 1, 2, 3)}",
            12 => StepThrough(day.Day, 1, Pick(random, 2, 3, 5, 7, 10)),
            13 => List(random, random.Next(2, 4), () => N(Math.Clamp(day.Day + random.Next(-3, 4), 1, 31))),
            14 => Pick(random, "L", $"L-{Math.Max(0, last - day.Day)}", $"L-{random.Next(5)}"),
            15 => $"{Math.Clamp(day.Day + random.Next(-2, 3), 1, 31)}W",
            16 => "LW",
            17 => $"*,{N(day.Day)}",
            18 => $"{N(day.Day)},L",
            _ => N(1 + random.Next(31)),
        };
    }

    static string MonthField(Random random, DateTime day) => random.Next(10) switch
    {
        < 6 => "*",
        6 => N(day.Month),
        7 => MonthNames[day.Month - 1],
        8 => $"{MonthNames[Math.Max(0, day.Month - 2)]}-{MonthNames[Math.Min(11, day.Month)]}",
        _ => Pick(random, $"*/{Pick(random, 1, 2, 3)}", $"{N(day.Month)},{N(1 + random.Next(12))}", N(1 + random.Next(12))),
    };

    static string DayOfWeekField(Random random, DateTime day)
    {
        var weekday = (int)day.DayOfWeek;
        var nth = Math.Max(1, ((day.Day - 1) / 7) + 1 + random.Next(-1, 1));
        string Day(int value) => random.Next(3) == 0 ? DayNames[value % 7] : N(value == 0 && random.Next(2) == 0 ? 7 : value);
        return random.Next(20) switch
        {
            < 6 => "*",
            6 => "?",
            7 or 8 => $"*/{Pick(random, 1, 2, 3, 4, 5, 6)}",
            9 or 10 => Day(weekday),
            11 => Pick(random, "MON-FRI", "1-5", "SAT,SUN", "6,7", "5-7", "0-3", "TUE-THU"),
            12 => $"{weekday}-{Pick(random, 6, 7)}/{Pick(random, 1, 2, 3)}",
            13 => $"{random.Next(8)}/{Pick(random, 2, 3, 4)}",
            14 => List(random, random.Next(2, 4), () => Day((weekday + random.Next(-1, 2) + 7) % 7)),
            15 => $"{Day(weekday)}L",
            16 => $"{Day(weekday)}#{nth}",
            17 => $"*,{Day(weekday)}",
            18 => $"{Day(weekday)}#{1 + random.Next(5)},{Day((weekday + 3) % 7)}",
            _ => Day(random.Next(8)),
        };
    }

    static string RangeAround(Random random, int value, int min, int max)
    {
        var low = Math.Max(min, value - random.Next(3));
        var high = Math.Min(max, value + random.Next(3));
        return random.Next(3) == 0 ? $"{low}-{high}/{Pick(random, 1, 2, 3)}" : $"{low}-{high}";
    }

    /// <summary><c>a/step</c> with the lowest <c>a</c> whose steps pass through <paramref name="value"/>.</summary>
    static string StepThrough(int value, int min, int step) => $"{min + ((value - min) % step)}/{step}";

    static string List(Random random, int count, Func<string> item)
    {
        var items = Enumerable.Range(0, count).Select(_ => item()).Distinct().ToList();
        return string.Join(",", random.Next(4) == 0 ? items.OrderByDescending(i => i, StringComparer.Ordinal) : items);
    }

    static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
