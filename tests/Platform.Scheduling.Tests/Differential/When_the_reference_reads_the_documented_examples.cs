using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Differential;

/// <summary>The reference the engine is compared with gives the answers docs/scheduling.md gives, so a difference found by
/// the comparison is the engine's, or a rule the documentation does not settle.</summary>
[TestFixture]
public sealed class When_the_reference_reads_the_documented_examples
{
    static string[] Occurrences(string expression, string zoneId, string after, string until, int max = 50)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return ReferenceCron.Read(expression).Occurrences(zone, Instant(after).UtcTicks, Instant(until).UtcTicks, max)
            .Select(ticks => Local(new DateTimeOffset(ticks, TimeSpan.Zero), zone)).ToArray();
    }

    [Test]
    public void Should_run_a_local_time_skipped_by_spring_forward_once_at_the_first_instant_after_the_gap() =>
        Assert.That(Occurrences("30 2 * * *", "America/New_York", "2030-03-09T00:00:00-05:00", "2030-03-11T12:00:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-09T02:30:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-11T02:30:00-04:00",
        }));

    [Test]
    public void Should_run_skipped_step_minutes_once_at_the_end_of_the_gap() =>
        Assert.That(Occurrences("*/20 * * * *", "America/New_York", "2030-03-10T01:30:00-05:00", "2030-03-10T03:30:00-04:00"), Is.EqualTo(new[]
        {
            "2030-03-10T01:40:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-10T03:20:00-04:00",
        }));

    [Test]
    public void Should_run_single_values_in_the_first_pass_of_the_repeated_hour_only() =>
        Assert.That(Occurrences("30 1 * * *", "America/New_York", "2030-11-02T12:00:00-04:00", "2030-11-04T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-03T01:30:00-04:00", "2030-11-04T01:30:00-05:00",
        }));

    [Test]
    public void Should_run_steps_and_lists_in_both_passes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Occurrences("*/15 * * * *", "America/New_York", "2030-11-03T00:50:00-04:00", "2030-11-03T02:00:00-05:00"), Is.EqualTo(new[]
            {
                "2030-11-03T01:00:00-04:00", "2030-11-03T01:15:00-04:00", "2030-11-03T01:30:00-04:00", "2030-11-03T01:45:00-04:00",
                "2030-11-03T01:00:00-05:00", "2030-11-03T01:15:00-05:00", "2030-11-03T01:30:00-05:00", "2030-11-03T01:45:00-05:00",
                "2030-11-03T02:00:00-05:00",
            }));
            Assert.That(Occurrences("0 1,3 * * *", "America/New_York", "2030-11-03T00:00:00-04:00", "2030-11-03T04:00:00-05:00"), Is.EqualTo(new[]
            {
                "2030-11-03T01:00:00-04:00", "2030-11-03T01:00:00-05:00", "2030-11-03T03:00:00-05:00",
            }));
        });
    }

    [Test]
    public void Should_not_run_the_first_pass_again_when_asked_from_inside_the_second() =>
        Assert.That(Occurrences("30 1 * * *", "America/New_York", "2030-11-03T01:10:00-05:00", "2030-11-04T12:00:00-05:00"), Is.EqualTo(new[]
        {
            "2030-11-04T01:30:00-05:00",
        }));

    [Test]
    public void Should_follow_the_star_rule_of_the_day_fields()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Occurrences("0 12 5 * */1", "UTC", "2030-01-01T00:00:00Z", "2030-03-31T00:00:00Z"), Is.EqualTo(new[]
            {
                "2030-01-05T12:00:00+00:00", "2030-02-05T12:00:00+00:00", "2030-03-05T12:00:00+00:00",
            }));
            Assert.That(Occurrences("0 12 */10 * 1", "UTC", "2030-01-01T00:00:00Z", "2030-04-30T00:00:00Z"), Is.EqualTo(new[]
            {
                "2030-01-21T12:00:00+00:00", "2030-02-11T12:00:00+00:00", "2030-03-11T12:00:00+00:00", "2030-04-01T12:00:00+00:00",
            }));
            Assert.That(Occurrences("0 12 1-31/10 * 1", "UTC", "2030-04-01T00:00:00Z", "2030-04-16T00:00:00Z"), Is.EqualTo(new[]
            {
                "2030-04-01T12:00:00+00:00", "2030-04-08T12:00:00+00:00", "2030-04-11T12:00:00+00:00", "2030-04-15T12:00:00+00:00",
            }));
        });
    }

    [Test]
    public void Should_find_that_an_impossible_date_never_runs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceCron.Read("0 0 30 2 *").EverRuns(), Is.False);
            Assert.That(ReferenceCron.Read("0 0 LW * */6").EverRuns(), Is.False);
            Assert.That(ReferenceCron.Read("0 0 29 2 *").EverRuns(), Is.True);
        });
    }
}
