using NUnit.Framework;
using Platform.Contracts;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>Interval triggers follow elapsed time: a DST change moves the local time they show, never the gap between
/// them.</summary>
[TestFixture]
public sealed class When_an_interval_trigger_crosses_a_dst_change
{
    static IReadOnlyList<string> Interval(TimeSpan every, string startAt, string zone, string until)
    {
        var schedule = TriggerSchedules.Create(
            new JobTrigger { Kind = TriggerKind.Interval, Every = every, StartAt = Instant(startAt) }, anchor: DateTimeOffset.MinValue);
        return Fire(schedule.Next, zone, Instant(startAt).AddTicks(-1).ToString("O"), until);
    }

    [Test]
    public void Should_keep_24_hours_between_runs_so_the_local_hour_moves_after_spring_forward() =>
        Assert.That(Interval(TimeSpan.FromDays(1), "2030-03-09T09:00:00-05:00", "America/New_York", "2030-03-11T12:00:00-04:00"),
            Is.EqualTo(new[] { "2030-03-09T09:00:00-05:00", "2030-03-10T10:00:00-04:00", "2030-03-11T10:00:00-04:00" }));

    [Test]
    public void Should_run_hourly_in_both_passes_of_the_repeated_hour_one_hour_apart() =>
        Assert.That(Interval(TimeSpan.FromHours(1), "2030-11-03T00:30:00-04:00", "America/New_York", "2030-11-03T02:30:00-05:00"),
            Is.EqualTo(new[]
            {
                "2030-11-03T00:30:00-04:00", "2030-11-03T01:30:00-04:00", "2030-11-03T01:30:00-05:00", "2030-11-03T02:30:00-05:00",
            }));

    [Test]
    public void Should_keep_15_minutes_between_runs_across_the_gap() =>
        Assert.That(Interval(TimeSpan.FromMinutes(15), "2030-03-31T00:30:00+00:00", "Europe/London", "2030-03-31T02:15:00+01:00"),
            Is.EqualTo(new[]
            {
                "2030-03-31T00:30:00+00:00", "2030-03-31T00:45:00+00:00", "2030-03-31T02:00:00+01:00", "2030-03-31T02:15:00+01:00",
            }));

    [Test]
    public void Should_keep_exact_elapsed_time_through_both_changes_of_a_southern_year()
    {
        var every = TimeSpan.FromMinutes(97);
        var fired = Interval(every, "2030-04-06T00:00:00+11:00", "Australia/Sydney", "2030-10-07T00:00:00+11:00").Select(Instant).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fired, Has.Count.GreaterThan(2600));
            Assert.That(fired.Zip(fired.Skip(1), (a, b) => b - a), Has.All.EqualTo(every));
            Assert.That(fired.Select(f => f.Offset).Distinct(), Is.EquivalentTo(new[] { TimeSpan.FromHours(11), TimeSpan.FromHours(10) }));
        });
    }
}
