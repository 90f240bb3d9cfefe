using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Dst;

/// <summary>2030: clocks go forward on 31 March at 01:00 GMT (+00:00) to 02:00 BST (+01:00), and back on 27 October at
/// 02:00 BST to 01:00 GMT, so 01:00-01:59 happens twice.</summary>
[TestFixture]
public sealed class When_clocks_change_in_Europe_London
{
    const string Zone = "Europe/London";

    [Test]
    public void Should_run_a_skipped_local_time_once_at_the_end_of_the_gap()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("30 1 * * *", Zone, "2030-03-30T12:00:00+00:00", "2030-04-01T12:00:00+01:00"),
                Is.EqualTo(new[] { "2030-03-31T02:00:00+01:00", "2030-04-01T01:30:00+01:00" }));
            Assert.That(Cron("0 1 * * *", Zone, "2030-03-30T12:00:00+00:00", "2030-04-01T12:00:00+01:00"),
                Is.EqualTo(new[] { "2030-03-31T02:00:00+01:00", "2030-04-01T01:00:00+01:00" }));
        });
    }

    [Test]
    public void Should_run_a_fixed_time_in_the_repeated_hour_once_in_the_first_pass() =>
        Assert.That(Cron("0 1 * * *", Zone, "2030-10-26T12:00:00+01:00", "2030-10-28T12:00:00+00:00"), Is.EqualTo(new[]
        {
            "2030-10-27T01:00:00+01:00", "2030-10-28T01:00:00+00:00",
        }));

    [Test]
    public void Should_run_the_skipped_step_minutes_once_at_the_end_of_the_gap() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-03-31T00:30:00+00:00", "2030-03-31T02:15:00+01:00"), Is.EqualTo(new[]
        {
            "2030-03-31T00:45:00+00:00", "2030-03-31T02:00:00+01:00", "2030-03-31T02:15:00+01:00",
        }));

    [Test]
    public void Should_run_step_minutes_in_both_passes_of_the_repeated_hour() =>
        Assert.That(Cron("*/15 * * * *", Zone, "2030-10-27T00:30:00+01:00", "2030-10-27T02:00:00+00:00"), Is.EqualTo(new[]
        {
            "2030-10-27T00:45:00+01:00",
            "2030-10-27T01:00:00+01:00", "2030-10-27T01:15:00+01:00", "2030-10-27T01:30:00+01:00", "2030-10-27T01:45:00+01:00",
            "2030-10-27T01:00:00+00:00", "2030-10-27T01:15:00+00:00", "2030-10-27T01:30:00+00:00", "2030-10-27T01:45:00+00:00",
            "2030-10-27T02:00:00+00:00",
        }));

    [Test]
    public void Should_run_a_step_hour_as_usual_when_the_change_misses_its_hours()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Cron("0 */2 * * *", Zone, "2030-03-30T23:30:00+00:00", "2030-03-31T04:30:00+01:00"),
                Is.EqualTo(new[] { "2030-03-31T00:00:00+00:00", "2030-03-31T02:00:00+01:00", "2030-03-31T04:00:00+01:00" }));
            Assert.That(Cron("0 */2 * * *", Zone, "2030-10-26T23:30:00+01:00", "2030-10-27T04:30:00+00:00"),
                Is.EqualTo(new[] { "2030-10-27T00:00:00+01:00", "2030-10-27T02:00:00+00:00", "2030-10-27T04:00:00+00:00" }));
        });
    }

    [Test]
    public void Should_run_an_hour_range_in_both_passes_of_the_repeated_hour() =>
        Assert.That(Cron("0 0-2 * * *", Zone, "2030-10-26T12:00:00+01:00", "2030-10-27T12:00:00+00:00"), Is.EqualTo(new[]
        {
            "2030-10-27T00:00:00+01:00", "2030-10-27T01:00:00+01:00", "2030-10-27T01:00:00+00:00", "2030-10-27T02:00:00+00:00",
        }));
}
