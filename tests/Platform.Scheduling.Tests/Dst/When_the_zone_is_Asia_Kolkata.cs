using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>India: +05:30 all year, no DST. Nothing moves on the days other zones change their clocks.</summary>
[TestFixture]
public sealed class When_the_zone_is_Asia_Kolkata
{
    const string Zone = "Asia/Kolkata";

    [Test]
    public void Should_run_a_fixed_time_at_the_same_half_hour_offset_instant_every_day_of_the_year()
    {
        var fired = Cron("30 2 * * *", Zone, "2030-01-01T00:00:00+05:30", "2031-01-01T00:00:00+05:30");
        var instants = fired.Select(Instant).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fired, Has.Count.EqualTo(365));
            Assert.That(fired, Has.All.EndsWith("T02:30:00+05:30"));
            Assert.That(instants.Zip(instants.Skip(1), (a, b) => b - a), Has.All.EqualTo(TimeSpan.FromDays(1)));
            Assert.That(instants[0].UtcDateTime, Is.EqualTo(new DateTime(2029, 12, 31, 21, 0, 0, DateTimeKind.Utc)));
        });
    }

    [TestCase("2030-03-10T00:00:00+05:30", TestName = "Should_run_step_minutes_evenly_on_the_day_New_York_springs_forward")]
    [TestCase("2030-10-27T00:00:00+05:30", TestName = "Should_run_step_minutes_evenly_on_the_day_London_falls_back")]
    public void Should_run_step_minutes_evenly_on_days_other_zones_change_clocks(string dayStart)
    {
        var fired = Cron("*/15 * * * *", Zone, dayStart, Instant(dayStart).AddDays(1).ToString("O")).Select(Instant).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fired, Has.Count.EqualTo(96));
            Assert.That(fired.Zip(fired.Skip(1), (a, b) => b - a), Has.All.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(fired.Select(f => f.Offset), Has.All.EqualTo(new TimeSpan(5, 30, 0)));
        });
    }

    [Test]
    public void Should_run_a_step_hour_and_an_hour_range_once_each_on_a_day_other_zones_fall_back()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("0 */2 * * *", Zone, "2030-11-03T00:30:00+05:30", "2030-11-03T06:30:00+05:30"), Is.EqualTo(new[]
            {
                "2030-11-03T02:00:00+05:30", "2030-11-03T04:00:00+05:30", "2030-11-03T06:00:00+05:30",
            }));
            Assert.That(Cron("0 1-3 * * *", Zone, "2030-11-03T00:00:00+05:30", "2030-11-03T12:00:00+05:30"), Is.EqualTo(new[]
            {
                "2030-11-03T01:00:00+05:30", "2030-11-03T02:00:00+05:30", "2030-11-03T03:00:00+05:30",
            }));
        });
    }
}
