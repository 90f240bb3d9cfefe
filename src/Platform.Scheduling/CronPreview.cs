namespace Platform.Scheduling;

/// <summary>The next occurrences of a cron expression, for users and operators checking what they wrote.</summary>
public static class CronPreview
{
    /// <summary>The most occurrences one preview returns.</summary>
    public const int MaxCount = 1000;

    /// <summary>The first <paramref name="count"/> (1-<see cref="MaxCount"/>) occurrences strictly after
    /// <paramref name="from"/>, each with the zone's UTC offset at that instant (so it prints as local time in ISO 8601).
    /// Fewer when the schedule ends (year 9999). Throws <see cref="InvalidCronScheduleException"/> with a message for users
    /// on a bad expression or an unknown time zone, <see cref="ArgumentOutOfRangeException"/> on a bad count.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(string expression, string? timeZone, DateTimeOffset from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var schedule = CronSchedule.Parse(expression, timeZone);
        return schedule.GetOccurrences(from, DateTimeOffset.MaxValue, count)
            .Select(instant => TimeZoneInfo.ConvertTime(instant, schedule.TimeZone))
            .ToList();
    }

    /// <summary>Like <see cref="Next(string, string?, DateTimeOffset, int)"/>, from the clock's current instant.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(string expression, string? timeZone, TimeProvider clock, int count)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Next(expression, timeZone, clock.GetUtcNow(), count);
    }
}
