using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>A 45-minute offset, 2030: clocks go back on 7 April at 03:45 (+13:45) to 02:45 (+12:45), so 02:45-03:44 happens
/// twice, and forward on 29 September at 02:45 (+12:45) to 03:45 (+13:45).</summary>
[TestFixture]
public sealed class When_clocks_change_in_Pacific_Chatham
{
    const string Zone = "Pacific/Chatham";

    [Test]
    public void Should_run_a_skipped_local_time_once_at_the_end_of_the_gap() =>
        Assert.That(Cron("30 3 * * *", Zone, "2030-09-28T12:00:00+12:45", "2030-09-30T12:00:00+13:45"), Is.EqualTo(new[]
        {
            "2030-09-29T03:45:00+13:45", "2030-09-30T03:30:00+13:45",
        }));

    [Test]
    public void Should_run_a_fixed_time_in_the_repeated_hour_once_in_the_first_pass() =>
        Assert.That(Cron("30 3 * * *", Zone, "2030-04-06T12:00:00+13:45", "2030-04-08T12:00:00+12:45"), Is.EqualTo(new[]
        {
            "2030-04-07T03:30:00+13:45", "2030-04-08T03:30:00+12:45",
        }));

    [Test]
    public void Should_run_the_skipped_step_minutes_once_at_the_end_of_the_gap() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-09-29T02:00:00+12:45", "2030-09-29T04:00:00+13:45"), Is.EqualTo(new[]
        {
            "2030-09-29T02:15:00+12:45", "2030-09-29T02:30:00+12:45", "2030-09-29T03:45:00+13:45", "2030-09-29T04:00:00+13:45",
        }));

    [Test]
    public void Should_run_step_minutes_in_both_passes_of_the_repeated_period() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-04-07T02:00:00+13:45", "2030-04-07T03:45:00+12:45"), Is.EqualTo(new[]
        {
            "2030-04-07T02:15:00+13:45", "2030-04-07T02:30:00+13:45",
            "2030-04-07T02:45:00+13:45", "2030-04-07T03:00:00+13:45", "2030-04-07T03:15:00+13:45", "2030-04-07T03:30:00+13:45",
            "2030-04-07T02:45:00+12:45", "2030-04-07T03:00:00+12:45", "2030-04-07T03:15:00+12:45", "2030-04-07T03:30:00+12:45",
            "2030-04-07T03:45:00+12:45",
        }));

    [Test]
    public void Should_run_a_step_hour_in_both_passes_and_at_the_end_of_the_gap()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("0 */3 * * *", Zone, "2030-04-06T23:00:00+13:45", "2030-04-07T06:30:00+12:45"), Is.EqualTo(new[]
            {
                "2030-04-07T00:00:00+13:45", "2030-04-07T03:00:00+13:45", "2030-04-07T03:00:00+12:45", "2030-04-07T06:00:00+12:45",
            }));
            Assert.That(Cron("0 */3 * * *", Zone, "2030-09-28T23:00:00+12:45", "2030-09-29T06:30:00+13:45"), Is.EqualTo(new[]
            {
                "2030-09-29T00:00:00+12:45", "2030-09-29T03:45:00+13:45", "2030-09-29T06:00:00+13:45",
            }));
        });
    }

    [Test]
    public void Should_run_an_hour_range_in_both_passes_of_the_repeated_period() =>
        Assert.That(Cron("50 2-3 * * *", Zone, "2030-04-07T00:00:00+13:45", "2030-04-07T12:00:00+12:45"), Is.EqualTo(new[]
        {
            "2030-04-07T02:50:00+13:45", "2030-04-07T02:50:00+12:45", "2030-04-07T03:50:00+12:45",
        }));
}
