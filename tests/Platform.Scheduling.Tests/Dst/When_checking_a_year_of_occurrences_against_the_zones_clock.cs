using NUnit.Framework;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>
/// A whole year of occurrences compared with an oracle built only from <see cref="TimeZoneInfo"/>: walk UTC in 15-minute
/// steps (every offset and change in these zones and years falls on that grid), note each instant whose local time
/// matches, and each change of offset that skips a matching local time. Zones with unusual changes: a 30-minute DST
/// (Lord Howe), a 2-hour DST (Troll), DST suspended for Ramadan (Casablanca), a skipped calendar day (Apia, 30 December
/// 2011), DST abolished (Tehran 2022), changes at midnight (Havana, Santiago), and the usual ones.
/// </summary>
[TestFixture]
public sealed class When_checking_a_year_of_occurrences_against_the_zones_clock
{
    static readonly TimeSpan Grid = TimeSpan.FromMinutes(15);

    static readonly object[] Years =
    [
        new object[] { "America/New_York", 2030 },
        new object[] { "Europe/London", 2030 },
        new object[] { "Australia/Sydney", 2030 },
        new object[] { "Australia/Lord_Howe", 2030 },
        new object[] { "Pacific/Chatham", 2030 },
        new object[] { "Asia/Kathmandu", 2030 },
        new object[] { "Antarctica/Troll", 2030 },
        new object[] { "Africa/Casablanca", 2030 },
        new object[] { "Pacific/Apia", 2011 },
        new object[] { "Asia/Tehran", 2022 },
        new object[] { "America/Havana", 2030 },
        new object[] { "America/Santiago", 2022 },
    ];

    [TestCaseSource(nameof(Years))]
    public void Should_fire_hourly_at_every_local_o_clock_including_both_passes_and_once_at_the_end_of_each_gap(string zoneId, int year)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (from, to) = YearOf(year);
        var expected = new SortedSet<DateTimeOffset>();
        foreach (var instant in GridInstants(from, to))
        {
            if (Local(instant, zone).Minute == 0)
                expected.Add(instant);
        }

        foreach (var (end, gapStart, gapEnd) in Gaps(zone, from, to))
        {
            var firstHourInGap = gapStart.Minute == 0 ? gapStart : gapStart.AddMinutes(60 - gapStart.Minute);
            if (firstHourInGap < gapEnd)
                expected.Add(end);
        }

        var actual = CronSchedule.Parse("0 * * * *", zoneId).GetOccurrences(from, to, int.MaxValue).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.Ordered.And.Unique);
            Assert.That(actual, Is.EqualTo(expected));
        });
    }

    [TestCaseSource(nameof(Years))]
    public void Should_fire_a_fixed_time_once_per_local_day_in_its_first_pass_or_at_the_end_of_its_gap(string zoneId, int year)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (from, to) = YearOf(year);
        var twoOClock = TimeSpan.FromHours(2);
        var expected = new SortedSet<DateTimeOffset>(GridInstants(from, to)
            .Where(instant => Local(instant, zone).TimeOfDay == twoOClock)
            .GroupBy(instant => Local(instant, zone).Date)
            .Select(day => day.Min()));

        foreach (var (end, gapStart, gapEnd) in Gaps(zone, from, to))
        {
            for (var day = gapStart.Date; day <= gapEnd.Date; day = day.AddDays(1))
            {
                if (day + twoOClock >= gapStart && day + twoOClock < gapEnd)
                    expected.Add(end);
            }
        }

        var actual = CronSchedule.Parse("0 2 * * *", zoneId).GetOccurrences(from, to, int.MaxValue).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.Ordered.And.Unique);
            Assert.That(actual, Is.EqualTo(expected));
        });
    }

    static (DateTimeOffset From, DateTimeOffset To) YearOf(int year) =>
        (new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero));

    static IEnumerable<DateTimeOffset> GridInstants(DateTimeOffset fromExclusive, DateTimeOffset toInclusive)
    {
        for (var instant = fromExclusive + Grid; instant <= toInclusive; instant += Grid)
            yield return instant;
    }

    static DateTime Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>Each forward change of offset: the instant it happens and the local times it skips, [start, end).</summary>
    static IEnumerable<(DateTimeOffset End, DateTime GapStart, DateTime GapEnd)> Gaps(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var instant in GridInstants(from, to))
        {
            var before = zone.GetUtcOffset(instant - Grid);
            var after = zone.GetUtcOffset(instant);
            if (after > before)
                yield return (instant, (instant + before).UtcDateTime, (instant + after).UtcDateTime);
        }
    }
}
