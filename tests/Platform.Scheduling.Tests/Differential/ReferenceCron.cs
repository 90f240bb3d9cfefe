using System.Globalization;

namespace Platform.Scheduling.Tests.Differential;

/// <summary>
/// A brute-force reading of the cron rules as docs/scheduling.md and DESIGN.md state them, written from those texts and
/// not from the engine: each field is a list of predicates over values, and occurrences are found by walking the instants
/// second by second and applying the DST rules literally to the local time each instant shows.
/// <list type="bullet">
/// <item>An instant runs when its local time matches and it is the first time the clock shows that local time.</item>
/// <item>An instant whose local time the clock showed before (clocks went back) runs only when the second, minute or
/// hour field is not a single value.</item>
/// <item>When the clock jumps over local times (clocks went forward), the instant after the jump runs, once, if any
/// skipped local time matches.</item>
/// </list>
/// Slow on purpose; it reads only what the case generator writes and throws <see cref="FormatException"/> on anything
/// else.
/// </summary>
internal sealed class ReferenceCron
{
    const long Second = TimeSpan.TicksPerSecond;

    /// <summary>How far before the first instant asked about the walk starts, so that it knows which local times the clock
    /// has already shown: longer than any repeated local period in the zones tested (at most an hour; 2 h in
    /// Antarctica/Troll).</summary>
    static readonly long Lookback = TimeSpan.TicksPerHour * 3;

    static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    readonly bool[] _seconds;
    readonly bool[] _minutes;
    readonly bool[] _hours;
    readonly bool[] _months;
    readonly List<Func<DateOnly, bool>> _daysOfMonth;
    readonly List<Func<DateOnly, bool>> _daysOfWeek;
    readonly bool _dayOfMonthStar;
    readonly bool _dayOfWeekStar;
    readonly Dictionary<int, bool> _dayCache = [];

    ReferenceCron(string[] fields)
    {
        string second = fields.Length == 6 ? fields[0] : "0";
        var rest = fields[^5..];
        _seconds = Table(second, 0, 59, null);
        _minutes = Table(rest[0], 0, 59, null);
        _hours = Table(rest[1], 0, 23, null);
        _months = Table(rest[3], 1, 12, MonthNames);
        _daysOfMonth = DaysOfMonth(rest[2]);
        _daysOfWeek = DaysOfWeek(rest[4]);

        // Vixie/ISC cron: a day field that starts with '*' (or, on the platform, is '?') is unrestricted.
        _dayOfMonthStar = rest[2].StartsWith('*') || rest[2] == "?";
        _dayOfWeekStar = rest[4].StartsWith('*') || rest[4] == "?";

        // "An expression whose second, minute and hour fields are all single values runs once (the first pass)."
        RunsInBothPasses = !(IsSingleValue(second) && IsSingleValue(rest[0]) && IsSingleValue(rest[1]));
    }

    public bool RunsInBothPasses { get; }

    public static ReferenceCron Read(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
            throw new FormatException($"'{expression}' has {fields.Length} fields");
        return new ReferenceCron(fields);
    }

    /// <summary>Whether any date of a whole Gregorian cycle (400 years, weekdays included) matches the day and month
    /// fields: the documented "an expression that can never run is rejected".</summary>
    public bool EverRuns()
    {
        for (var date = new DateOnly(2000, 1, 1); date.Year < 2400; date = date.AddDays(1))
        {
            if (DateMatches(date))
                return true;
        }

        return false;
    }

    /// <summary>The occurrences in (<paramref name="afterUtcTicks"/>, <paramref name="untilUtcTicks"/>], at most
    /// <paramref name="max"/>, as UTC ticks.</summary>
    public List<long> Occurrences(TimeZoneInfo zone, long afterUtcTicks, long untilUtcTicks, int max)
    {
        var offsets = new OffsetReader(zone);
        var fires = new List<long>();
        var instant = afterUtcTicks - (afterUtcTicks % Second) - Lookback;

        // The latest local time the clock has shown so far: everything before the walk's first local time counts as shown
        // (the walk starts far enough back to have seen every repeated period that could still matter).
        var latestShown = instant + offsets.At(instant) - Second;
        for (; instant <= untilUtcTicks && fires.Count < max; instant += Second)
        {
            var local = instant + offsets.At(instant);
            if (offsets.WholeMinuteAhead(instant) && local <= latestShown + Second && !MinuteMatches(local))
            {
                // A shortcut, not a rule: this instant and the 59 after it show the 60 seconds of one local minute that does
                // not match, without a jump, so none of them runs; they only move the latest local time shown.
                latestShown = Math.Max(latestShown, local + (59 * Second));
                instant += 59 * Second;
                continue;
            }

            bool runs;
            if (local > latestShown)
            {
                // First pass. When the clock jumped (spring forward), the local times in between were skipped: the first
                // instant after the gap runs, once, if any of them matches.
                runs = Matches(local) || AnyMatches(latestShown + Second, local);
                latestShown = local;
            }
            else
            {
                // The clock went back and shows this local time again: the second pass.
                if (latestShown - local > Lookback)
                    throw new InvalidOperationException($"{zone.Id} repeats more than {TimeSpan.FromTicks(Lookback)} at {new DateTime(instant, DateTimeKind.Utc):o}: the walk's look-back is too short");
                runs = RunsInBothPasses && Matches(local);
            }

            if (runs && instant > afterUtcTicks)
                fires.Add(instant);
        }

        return fires;
    }

    /// <summary>Any local time in [<paramref name="fromTicks"/>, <paramref name="toExclusiveTicks"/>) matches.</summary>
    bool AnyMatches(long fromTicks, long toExclusiveTicks)
    {
        for (var local = fromTicks; local < toExclusiveTicks; local += Second)
        {
            if (Matches(local))
                return true;
        }

        return false;
    }

    bool Matches(long localTicks) => _seconds[localTicks / Second % 60] && MinuteMatches(localTicks);

    /// <summary>The minute, hour, day and month fields match the local time.</summary>
    bool MinuteMatches(long localTicks)
    {
        var totalSeconds = localTicks / Second;
        if (!_minutes[totalSeconds / 60 % 60] || !_hours[totalSeconds / 3600 % 24])
            return false;
        var dayNumber = (int)(totalSeconds / 86400);
        if (!_dayCache.TryGetValue(dayNumber, out var dayMatches))
        {
            dayMatches = DateMatches(DateOnly.FromDayNumber(dayNumber));
            _dayCache[dayNumber] = dayMatches;
        }

        return dayMatches;
    }

    bool DateMatches(DateOnly date)
    {
        if (!_months[date.Month])
            return false;
        var dayOfMonth = _daysOfMonth.Exists(item => item(date));
        var dayOfWeek = _daysOfWeek.Exists(item => item(date));

        // "A day field that starts with * makes a day match both day fields; only when neither does, a day matching either
        // runs."
        return _dayOfMonthStar || _dayOfWeekStar ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
    }

    static bool IsSingleValue(string field) => field.Length > 0 && field.All(char.IsAsciiDigit);

    /// <summary>The values a plain field (second, minute, hour, month) accepts, as a lookup by value.</summary>
    static bool[] Table(string field, int min, int max, string[]? names)
    {
        var items = field.Split(',').Select(item => Item(item, min, max, names)).ToList();
        var table = new bool[max + 1];
        for (var value = min; value <= max; value++)
            table[value] = items.Exists(item => item(value));
        return table;
    }

    /// <summary>One list item of a plain field: <c>*</c>, <c>n</c>, <c>a-b</c>, <c>*/s</c>, <c>a/s</c> (a, a+s, ... up to the
    /// field's last value), <c>a-b/s</c>; names where the field has them.</summary>
    static Func<int, bool> Item(string item, int min, int last, string[]? names)
    {
        var (low, high, step) = Range(item, min, last, names);
        return value => value >= low && value <= high && (value - low) % step == 0;
    }

    static (int Low, int High, int Step) Range(string item, int min, int last, string[]? names)
    {
        var slash = item.Split('/');
        var step = slash.Length == 2 ? Number(slash[1], null, 0) : 1;
        if (slash[0] == "*")
            return (min, last, step);
        var dash = slash[0].Split('-');
        var low = Number(dash[0], names, min);
        if (dash.Length == 2)
            return (low, Number(dash[1], names, min), step);
        return slash.Length == 2 ? (low, Math.Max(low, last), step) : (low, low, step);
    }

    static int Number(string text, string[]? names, int firstNameValue)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
            return int.Parse(text, CultureInfo.InvariantCulture);
        var index = names is null ? -1 : Array.IndexOf(names, text);
        return index >= 0 ? index + firstNameValue : throw new FormatException($"'{text}' is not a number or a name here");
    }

    /// <summary>Day-of-month: 1-31 items, <c>?</c>, <c>L</c> (last day), <c>L-n</c> (n days before it), <c>nW</c> (the weekday
    /// nearest day n without leaving the month: a Saturday moves to the Friday before, or to the Monday after when n is the
    /// 1st; a Sunday to the Monday after, or to the Friday before when n is the last day; no day when the month is
    /// shorter than n) and <c>LW</c> (the last Monday-Friday of the month).</summary>
    static List<Func<DateOnly, bool>> DaysOfMonth(string field)
    {
        if (field == "?")
            return [_ => true];
        var items = new List<Func<DateOnly, bool>>();
        foreach (var item in field.Split(','))
        {
            if (item == "L")
            {
                items.Add(date => date.Day == LastDay(date));
            }
            else if (item == "LW")
            {
                items.Add(date => date.Day == LastWeekday(date));
            }
            else if (item.StartsWith("L-", StringComparison.Ordinal))
            {
                var before = Number(item[2..], null, 0);
                items.Add(date => date.Day == LastDay(date) - before);
            }
            else if (item.EndsWith('W'))
            {
                var target = Number(item[..^1], null, 0);
                items.Add(date => target <= LastDay(date) && date.Day == NearestWeekday(date, target));
            }
            else
            {
                var plain = Item(item, 1, 31, null);
                items.Add(date => plain(date.Day));
            }
        }

        return items;
    }

    /// <summary>Day-of-week: 0-7 or SUN-SAT (0 and 7 are Sunday; <c>*</c> is 0-6, and so is the end of <c>a/s</c>),
    /// <c>?</c>, <c>dL</c> (the last day d of the month) and <c>d#k</c> (the k-th day d of the month).</summary>
    static List<Func<DateOnly, bool>> DaysOfWeek(string field)
    {
        if (field == "?")
            return [_ => true];
        var items = new List<Func<DateOnly, bool>>();
        foreach (var item in field.Split(','))
        {
            if (item.Contains('#', StringComparison.Ordinal))
            {
                var day = Number(item[..item.IndexOf('#', StringComparison.Ordinal)], DayNames, 0) % 7;
                var nth = Number(item[(item.IndexOf('#', StringComparison.Ordinal) + 1)..], null, 0);
                items.Add(date => (int)date.DayOfWeek == day && ((date.Day - 1) / 7) + 1 == nth);
            }
            else if (item.Length > 1 && item.EndsWith('L'))
            {
                var day = Number(item[..^1], DayNames, 0) % 7;
                items.Add(date => (int)date.DayOfWeek == day && date.Day + 7 > LastDay(date));
            }
            else
            {
                var plain = Item(item, 0, 6, DayNames);
                items.Add(date => plain((int)date.DayOfWeek) || (date.DayOfWeek == DayOfWeek.Sunday && plain(7)));
            }
        }

        return items;
    }

    static int LastDay(DateOnly date) => DateTime.DaysInMonth(date.Year, date.Month);

    static int LastWeekday(DateOnly date)
    {
        var day = LastDay(date);
        while (new DateOnly(date.Year, date.Month, day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            day--;
        return day;
    }

    static int NearestWeekday(DateOnly date, int target)
    {
        var last = LastDay(date);
        return new DateOnly(date.Year, date.Month, target).DayOfWeek switch
        {
            DayOfWeek.Saturday => target == 1 ? 3 : target - 1,
            DayOfWeek.Sunday => target == last ? target - 2 : target + 1,
            _ => target,
        };
    }

    /// <summary>The zone's UTC offset at each instant, from <see cref="TimeZoneInfo"/>, looked up once a minute: when the
    /// offsets at the start of a minute and of the next agree, the offset is taken as constant in between (no zone changes
    /// twice within a minute); when they differ, each second of that minute is looked up.</summary>
    sealed class OffsetReader(TimeZoneInfo zone)
    {
        const long Minute = TimeSpan.TicksPerMinute;
        long _minute = long.MinValue;
        long _offset;
        bool _constant;
        long? _nextMinuteOffset;

        /// <summary><paramref name="utcTicks"/> starts a UTC minute whose offset is constant and a whole number of minutes,
        /// so its 60 seconds show the 60 seconds of one local minute.</summary>
        public bool WholeMinuteAhead(long utcTicks)
        {
            At(utcTicks);
            return utcTicks == _minute && _constant && _offset % Minute == 0;
        }

        public long At(long utcTicks)
        {
            var minute = utcTicks - (utcTicks % Minute);
            if (minute != _minute)
            {
                _offset = minute == _minute + Minute && _nextMinuteOffset is { } known ? known : Lookup(minute);
                _nextMinuteOffset = Lookup(minute + Minute);
                _constant = _nextMinuteOffset == _offset;
                _minute = minute;
            }

            return _constant ? _offset : Lookup(utcTicks);
        }

        long Lookup(long utcTicks)
        {
            var offset = zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;
            return offset % Second == 0 ? offset : throw new InvalidOperationException($"{zone.Id} has an offset of {TimeSpan.FromTicks(offset)}, not whole seconds");
        }
    }
}
