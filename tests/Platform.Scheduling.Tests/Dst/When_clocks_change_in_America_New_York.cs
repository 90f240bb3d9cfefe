using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>2030: clocks go forward on 10 March at 02:00 EST (-05:00) to 03:00 EDT (-04:00), and back on 3 November at
/// 02:00 EDT to 01:00 EST, so 01:00-01:59 happens twice.</summary>
[TestFixture]
public sealed class When_clocks_change_in_America_New_York
{
    const string Zone = "America/New_York";

    [Test]
    public void Should_run_a_skipped_local_time_once_at_the_end_of_the_gap() =>
        Assert.That(Cron("30 2 * * *", Zone, "2030-03-09T03:00:00-05:00", "2030-03-11T04:00:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-10T03:00:00-04:00", "2030-03-11T02:30:00-04:00",
        }));

    [Test]
    public void Should_run_a_fixed_time_in_the_repeated_hour_once_in_the_first_pass() =>
        Assert.That(Cron("0 1 * * *", Zone, "2030-11-02T12:00:00-04:00", "2030-11-04T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:00:00-04:00", "2030-11-04T01:00:00-05:00",
        }));

    [Test]
    public void Should_run_a_fixed_half_past_in_the_repeated_hour_once_and_a_time_outside_it_as_usual()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("30 1 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"),
                Is.EqualTo(new[] { "2030-11-03T01:30:00-04:00" }));
            Assert.That(Cron("30 2 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"),
                Is.EqualTo(new[] { "2030-11-03T02:30:00-05:00" }));
        });
    }

    [Test]
    public void Should_run_the_skipped_step_minutes_once_at_the_end_of_the_gap() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-03-10T01:30:00-05:00", "2030-03-10T03:30:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-10T01:45:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-10T03:15:00-04:00", "2030-03-10T03:30:00-04:00",
        }));

    [Test]
    public void Should_run_step_minutes_in_both_passes_of_the_repeated_hour() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-11-03T00:30:00-04:00", "2030-11-03T02:15:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T00:45:00-04:00",
            "2030-11-03T01:00:00-04:00", "2030-11-03T01:15:00-04:00", "2030-11-03T01:30:00-04:00", "2030-11-03T01:45:00-04:00",
            "2030-11-03T01:00:00-05:00", "2030-11-03T01:15:00-05:00", "2030-11-03T01:30:00-05:00", "2030-11-03T01:45:00-05:00",
            "2030-11-03T02:00:00-05:00", "2030-11-03T02:15:00-05:00",
        }));

    [Test]
    public void Should_run_a_step_hour_that_falls_in_the_gap_at_the_end_of_the_gap() =>
        Assert.That(Cron("0 */2 * * *", Zone, "2030-03-09T23:30:00-05:00", "2030-03-10T06:30:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-10T00:00:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-10T04:00:00-04:00", "2030-03-10T06:00:00-04:00",
        }));

    [Test]
    public void Should_not_repeat_a_step_hour_that_misses_the_repeated_hour() =>
        Assert.That(Cron("0 */2 * * *", Zone, "2030-11-02T23:30:00-04:00", "2030-11-03T04:30:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T00:00:00-04:00", "2030-11-03T02:00:00-05:00", "2030-11-03T04:00:00-05:00",
        }));

    [Test]
    public void Should_run_an_hour_range_in_both_passes_of_the_repeated_hour() =>
        Assert.That(Cron("0 1-3 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:00:00-04:00", "2030-11-03T01:00:00-05:00", "2030-11-03T02:00:00-05:00", "2030-11-03T03:00:00-05:00",
        }));

    [Test]
    public void Should_run_a_skipped_hour_of_a_range_once_together_with_the_hour_after_the_gap() =>
        Assert.That(Cron("0 1-3 * * *", Zone, "2030-03-10T00:00:00-05:00", "2030-03-10T12:00:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-10T01:00:00-05:00", "2030-03-10T03:00:00-04:00",
        }));

    [Test]
    public void Should_run_an_hour_list_in_both_passes_of_the_repeated_hour() =>
        Assert.That(Cron("0 1,2 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:00:00-04:00", "2030-11-03T01:00:00-05:00", "2030-11-03T02:00:00-05:00",
        }));

    [Test]
    public void Should_run_a_six_field_expression_of_single_values_once_in_the_repeated_hour() =>
        Assert.That(Cron("30 15 1 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:15:30-04:00",
        }));

    [Test]
    public void Should_run_a_wildcard_second_in_both_passes_even_when_minute_and_hour_are_single_values() =>
        Assert.That(Cron("*/20 30 1 * * *", Zone, "2030-11-03T00:00:00-04:00", "2030-11-03T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:30:00-04:00", "2030-11-03T01:30:20-04:00", "2030-11-03T01:30:40-04:00",
            "2030-11-03T01:30:00-05:00", "2030-11-03T01:30:20-05:00", "2030-11-03T01:30:40-05:00",
        }));

    [Test]
    public void Should_not_run_the_first_pass_again_when_asked_from_inside_the_second_pass()
    {
        var schedule = CronSchedule.Parse("0 1 * * *", Zone);
        var secondPass = Instant("2030-11-03T01:30:00-05:00");
        Assert.That(schedule.GetNextOccurrence(secondPass), Is.EqualTo(Instant("2030-11-04T01:00:00-05:00")));
    }
}
