using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Expressions;

/// <summary>Every syntax element, each shown by the occurrences it gives (UTC unless said otherwise; 1 January 2030 is a
/// Tuesday).</summary>
[TestFixture]
public sealed class When_parsing_a_cron_expression
{
    const string Start = "2030-01-01T00:00:00+00:00";

    static string[] First(string expression, int count, string start = Start) =>
        CronSchedule.Parse(expression).GetOccurrences(Instant(start), DateTimeOffset.MaxValue, count)
            .Select(o => Local(o, TimeZoneInfo.Utc)[..19]).ToArray();

    [Test]
    public void Should_read_five_fields_as_minute_hour_day_of_month_month_day_of_week() =>
        Assert.That(First("30 9 2 1 *", 2), Is.EqualTo(new[] { "2030-01-02T09:30:00", "2031-01-02T09:30:00" }));

    [Test]
    public void Should_read_six_fields_with_seconds_first() =>
        Assert.That(First("15 30 9 2 1 *", 2), Is.EqualTo(new[] { "2030-01-02T09:30:15", "2031-01-02T09:30:15" }));

    [Test]
    public void Should_run_every_minute_for_all_wildcards() =>
        Assert.That(First("* * * * *", 3), Is.EqualTo(new[] { "2030-01-01T00:01:00", "2030-01-01T00:02:00", "2030-01-01T00:03:00" }));

    [Test]
    public void Should_run_every_second_for_six_wildcards() =>
        Assert.That(First("* * * * * *", 2), Is.EqualTo(new[] { "2030-01-01T00:00:01", "2030-01-01T00:00:02" }));

    [Test]
    public void Should_accept_ranges_lists_and_steps()
    {
        Assert.Multiple(() =>
        {
            Assert.That(First("0 9-11 * * *", 4), Is.EqualTo(new[]
                { "2030-01-01T09:00:00", "2030-01-01T10:00:00", "2030-01-01T11:00:00", "2030-01-02T09:00:00" }));
            Assert.That(First("0 9,12,18 * * *", 4), Is.EqualTo(new[]
                { "2030-01-01T09:00:00", "2030-01-01T12:00:00", "2030-01-01T18:00:00", "2030-01-02T09:00:00" }));
            Assert.That(First("*/20 * * * *", 3), Is.EqualTo(new[] { "2030-01-01T00:20:00", "2030-01-01T00:40:00", "2030-01-01T01:00:00" }));
            Assert.That(First("1-30/10 0 * * *", 4), Is.EqualTo(new[]
                { "2030-01-01T00:01:00", "2030-01-01T00:11:00", "2030-01-01T00:21:00", "2030-01-02T00:01:00" }));
            Assert.That(First("50/5 0 * * *", 3), Is.EqualTo(new[] { "2030-01-01T00:50:00", "2030-01-01T00:55:00", "2030-01-02T00:50:00" }));
            Assert.That(First("0 0 1 */4 *", 3), Is.EqualTo(new[] { "2030-05-01T00:00:00", "2030-09-01T00:00:00", "2031-01-01T00:00:00" }));
            Assert.That(First("0,30 8-9,17 * * *", 6), Is.EqualTo(new[]
            {
                "2030-01-01T08:00:00", "2030-01-01T08:30:00", "2030-01-01T09:00:00", "2030-01-01T09:30:00", "2030-01-01T17:00:00",
                "2030-01-01T17:30:00",
            }));
        });
    }

    [Test]
    public void Should_accept_month_and_day_names_in_any_case()
    {
        Assert.Multiple(() =>
        {
            Assert.That(First("0 0 1 MAR,jun *", 2), Is.EqualTo(new[] { "2030-03-01T00:00:00", "2030-06-01T00:00:00" }));
            Assert.That(First("0 0 1 OCT-DEC *", 3), Is.EqualTo(new[] { "2030-10-01T00:00:00", "2030-11-01T00:00:00", "2030-12-01T00:00:00" }));
            Assert.That(First("0 0 * * mon-Wed", 4), Is.EqualTo(new[]
                { "2030-01-02T00:00:00", "2030-01-07T00:00:00", "2030-01-08T00:00:00", "2030-01-09T00:00:00" }));
        });
    }

    [Test]
    public void Should_take_0_and_7_and_SUN_as_Sunday()
    {
        var sundays = new[] { "2030-01-06T00:00:00", "2030-01-13T00:00:00" };
        Assert.Multiple(() =>
        {
            Assert.That(First("0 0 * * 0", 2), Is.EqualTo(sundays));
            Assert.That(First("0 0 * * 7", 2), Is.EqualTo(sundays));
            Assert.That(First("0 0 * * SUN", 2), Is.EqualTo(sundays));
            Assert.That(First("0 0 * * 6-7", 3), Is.EqualTo(new[] { "2030-01-05T00:00:00", "2030-01-06T00:00:00", "2030-01-12T00:00:00" }));
            Assert.That(First("0 0 * * FRI-SUN", 4), Is.EqualTo(new[]
                { "2030-01-04T00:00:00", "2030-01-05T00:00:00", "2030-01-06T00:00:00", "2030-01-11T00:00:00" }));
        });
    }

    [Test]
    public void Should_take_a_question_mark_as_any_day()
    {
        Assert.Multiple(() =>
        {
            Assert.That(First("0 0 ? * MON", 2), Is.EqualTo(new[] { "2030-01-07T00:00:00", "2030-01-14T00:00:00" }));
            Assert.That(First("0 0 15 * ?", 2), Is.EqualTo(new[] { "2030-01-15T00:00:00", "2030-02-15T00:00:00" }));
        });
    }

    [Test]
    public void Should_ignore_extra_whitespace_and_keep_the_trimmed_expression()
    {
        var schedule = CronSchedule.Parse("  0  9 *\t* *  ");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Expression, Is.EqualTo("0  9 *\t* *"));
            Assert.That(schedule.TimeZone, Is.EqualTo(TimeZoneInfo.Utc));
            Assert.That(schedule.GetNextOccurrence(Instant(Start)), Is.EqualTo(Instant("2030-01-01T09:00:00Z")));
        });
    }

    [Test]
    public void Should_return_occurrences_as_utc_instants_strictly_after_the_argument()
    {
        var schedule = CronSchedule.Parse("0 9 * * *", "Europe/Paris");
        var next = schedule.GetNextOccurrence(Instant("2030-06-01T09:00:00+02:00"));
        Assert.Multiple(() =>
        {
            Assert.That(next, Is.EqualTo(Instant("2030-06-02T09:00:00+02:00")));
            Assert.That(next!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void Should_enumerate_a_window_up_to_its_end_inclusive_and_at_most_the_count()
    {
        var schedule = CronSchedule.Parse("0 * * * *");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.GetOccurrences(Instant("2030-01-01T00:00:00Z"), Instant("2030-01-01T03:00:00Z"), 100).Count(), Is.EqualTo(3));
            Assert.That(schedule.GetOccurrences(Instant("2030-01-01T00:00:00Z"), Instant("2030-01-01T03:00:00Z"), 2).Count(), Is.EqualTo(2));
            Assert.That(() => schedule.GetOccurrences(Instant(Start), Instant(Start), -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Should_handle_sub_second_instants_and_the_end_of_the_calendar()
    {
        var schedule = CronSchedule.Parse("0 0 1 1 *");
        Assert.Multiple(() =>
        {
            Assert.That(schedule.GetNextOccurrence(Instant("2029-12-31T23:59:59.9999999Z")), Is.EqualTo(Instant("2030-01-01T00:00:00Z")));
            Assert.That(schedule.GetNextOccurrence(Instant("9999-06-01T00:00:00Z")), Is.Null);
            Assert.That(schedule.GetNextOccurrence(DateTimeOffset.MaxValue), Is.Null);
            Assert.That(CronSchedule.Parse("0 0 1 1 *", "America/New_York").GetNextOccurrence(DateTimeOffset.MinValue)?.Year, Is.EqualTo(1));
        });
    }
}
