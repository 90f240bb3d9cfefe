using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Preview;

[TestFixture]
public sealed class When_previewing_a_cron_expression
{
    static string[] Iso(IEnumerable<DateTimeOffset> occurrences) =>
        occurrences.Select(o => o.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Test]
    public void Should_give_the_next_occurrences_with_the_zones_offset_at_each_instant() =>
        Assert.That(Iso(CronPreview.Next("30 2 * * *", "America/New_York", Instant("2030-03-08T12:00:00Z"), 3)), Is.EqualTo(new[]
        {
            "2030-03-09T02:30:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-11T02:30:00-04:00",
        }));

    [Test]
    public void Should_preview_from_the_clocks_now()
    {
        var clock = new FakeTimeProvider(Instant("2030-10-26T23:30:00Z"));
        Assert.Multiple(() =>
        {
            Assert.That(Iso(CronPreview.Next("0 * * * *", "Europe/London", clock, 3)), Is.EqualTo(new[]
            {
                "2030-10-27T01:00:00+01:00", "2030-10-27T01:00:00+00:00", "2030-10-27T02:00:00+00:00",
            }));
            clock.Advance(TimeSpan.FromHours(2));
            Assert.That(Iso(CronPreview.Next("0 * * * *", "Europe/London", clock, 1)), Is.EqualTo(new[] { "2030-10-27T02:00:00+00:00" }));
        });
    }

    [Test]
    public void Should_give_utc_offsets_without_a_time_zone() =>
        Assert.That(Iso(CronPreview.Next("0 0 1 * *", null, Instant("2030-01-15T00:00:00+05:00"), 2)),
            Is.EqualTo(new[] { "2030-02-01T00:00:00+00:00", "2030-03-01T00:00:00+00:00" }));

    [Test]
    public void Should_give_up_to_the_maximum_count() =>
        Assert.That(CronPreview.Next("* * * * * *", null, Instant("2030-01-01T00:00:00Z"), CronPreview.MaxCount), Has.Count.EqualTo(1000));

    [Test]
    public void Should_give_fewer_when_the_calendar_ends() =>
        Assert.That(CronPreview.Next("0 0 1 1 *", null, Instant("9997-06-01T00:00:00Z"), 10), Has.Count.EqualTo(2));

    [Test]
    public void Should_throw_a_clear_error_for_a_bad_expression_or_zone_and_reject_a_bad_count()
    {
        var from = Instant("2030-01-01T00:00:00Z");
        Assert.Multiple(() =>
        {
            Assert.That(() => CronPreview.Next("0 9 * * FUNDAY", null, from, 1), Throws.TypeOf<InvalidCronScheduleException>()
                .With.Message.StartsWith("day-of-week field 'FUNDAY': 'FUNDAY' is not a number or a name"));
            Assert.That(() => CronPreview.Next("0 9 * * *", "Atlantis/Capital", from, 1), Throws.TypeOf<InvalidCronScheduleException>()
                .With.Message.StartsWith("the time zone 'Atlantis/Capital' is unknown"));
            Assert.That(() => CronPreview.Next("0 9 * * *", null, from, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => CronPreview.Next("0 9 * * *", null, from, CronPreview.MaxCount + 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }
}
