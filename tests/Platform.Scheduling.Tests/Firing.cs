using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Platform.Scheduling.Tests;

/// <summary>Drives a schedule the way the engine will: on a fake clock, ask for the next occurrence after now, move the
/// clock there, record it, repeat. Occurrences are printed as ISO 8601 local times with the zone's offset at that instant.</summary>
public static class Firing
{
    /// <summary>Every occurrence from <paramref name="startLocal"/> (exclusive) to <paramref name="untilLocal"/> (inclusive),
    /// both ISO 8601 with offset, as seen by a scheduler running on a fake clock.</summary>
    public static IReadOnlyList<string> Fire(Func<DateTimeOffset, DateTimeOffset?> next, string zoneId, string startLocal, string untilLocal)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var clock = new FakeTimeProvider(Instant(startLocal));
        var until = Instant(untilLocal);
        var fired = new List<string>();
        while (next(clock.GetUtcNow()) is { } due && due <= until)
        {
            Assert.That(due, Is.GreaterThan(clock.GetUtcNow()), "a schedule must move forward");
            clock.SetUtcNow(due);
            fired.Add(Local(clock.GetUtcNow(), zone));
        }

        return fired;
    }

    /// <summary>Fires a cron expression read in <paramref name="zoneId"/>.</summary>
    public static IReadOnlyList<string> Cron(string expression, string zoneId, string startLocal, string untilLocal) =>
        Fire(CronSchedule.Parse(expression, zoneId).GetNextOccurrence, zoneId, startLocal, untilLocal);

    public static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
