using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>Southern hemisphere, 2030: clocks go back on 7 April at 03:00 AEDT (+11:00) to 02:00 AEST (+10:00), so
/// 02:00-02:59 happens twice, and forward on 6 October at 02:00 AEST to 03:00 AEDT.</summary>
[TestFixture]
public sealed class When_clocks_change_in_Australia_Sydney
{
    const string Zone = "Australia/Sydney";

    [Test]
    public void Should_run_a_skipped_local_time_once_at_the_end_of_the_gap_in_October() =>
        Assert.That(Cron("30 2 * * *", Zone, "2030-10-05T12:00:00+10:00", "2030-10-07T12:00:00+11:00"), Is.EqualTo(new[]
        {
            "2030-10-06T03:00:00+11:00", "2030-10-07T02:30:00+11:00",
        }));

    [Test]
    public void Should_run_a_fixed_time_in_the_repeated_hour_once_in_the_first_pass_in_April() =>
        Assert.That(Cron("30 2 * * *", Zone, "2030-04-06T12:00:00+11:00", "2030-04-08T12:00:00+10:00"), Is.EqualTo(new[]
        {
            "2030-04-07T02:30:00+11:00", "2030-04-08T02:30:00+10:00",
        }));

    [Test]
    public void Should_run_step_minutes_in_both_passes_of_the_repeated_hour_in_April() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-04-07T01:30:00+11:00", "2030-04-07T03:00:00+10:00"), Is.EqualTo(new[]
        {
            "2030-04-07T01:45:00+11:00",
            "2030-04-07T02:00:00+11:00", "2030-04-07T02:15:00+11:00", "2030-04-07T02:30:00+11:00", "2030-04-07T02:45:00+11:00",
            "2030-04-07T02:00:00+10:00", "2030-04-07T02:15:00+10:00", "2030-04-07T02:30:00+10:00", "2030-04-07T02:45:00+10:00",
            "2030-04-07T03:00:00+10:00",
        }));

    [Test]
    public void Should_run_the_skipped_step_minutes_once_at_the_end_of_the_gap_in_October() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-10-06T01:30:00+10:00", "2030-10-06T03:15:00+11:00"), Is.EqualTo(new[]
        {
            "2030-10-06T01:45:00+10:00", "2030-10-06T03:00:00+11:00", "2030-10-06T03:15:00+11:00",
        }));

    [Test]
    public void Should_run_a_step_hour_in_both_passes_of_the_repeated_hour_in_April() =>
        Assert.That(Cron("0 */2 * * *", Zone, "2030-04-06T23:30:00+11:00", "2030-04-07T04:30:00+10:00"), Is.EqualTo(new[]
        {
            "2030-04-07T00:00:00+11:00", "2030-04-07T02:00:00+11:00", "2030-04-07T02:00:00+10:00", "2030-04-07T04:00:00+10:00",
        }));

    [Test]
    public void Should_run_a_step_hour_that_falls_in_the_gap_at_the_end_of_the_gap_in_October() =>
        Assert.That(Cron("0 */2 * * *", Zone, "2030-10-05T23:30:00+10:00", "2030-10-06T04:30:00+11:00"), Is.EqualTo(new[]
        {
            "2030-10-06T00:00:00+10:00", "2030-10-06T03:00:00+11:00", "2030-10-06T04:00:00+11:00",
        }));

    [Test]
    public void Should_run_an_hour_list_in_both_passes_of_the_repeated_hour_in_April() =>
        Assert.That(Cron("0 1,2,3 * * *", Zone, "2030-04-06T12:00:00+11:00", "2030-04-07T12:00:00+10:00"), Is.EqualTo(new[]
        {
            "2030-04-07T01:00:00+11:00", "2030-04-07T02:00:00+11:00", "2030-04-07T02:00:00+10:00", "2030-04-07T03:00:00+10:00",
        }));
}
