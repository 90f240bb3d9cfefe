using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Expressions;

/// <summary>POSIX and Vixie cron: when neither day field starts with <c>*</c> a day matching EITHER runs (Cronos and Quartz
/// would need both). When one of them is <c>*</c> or <c>?</c>, the other alone decides (the star rule:
/// <see cref="When_a_day_field_starts_with_a_star"/>).</summary>
[TestFixture]
public sealed class When_day_of_month_and_day_of_week_are_both_restricted
{
    static int[] Days(string expression, int year, int month)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return CronSchedule.Parse(expression).GetOccurrences(start.AddTicks(-1), start.AddMonths(1).AddTicks(-1), 100)
            .Select(o => o.Day).ToArray();
    }

    [Test]
    public void Should_run_on_the_13th_and_on_every_friday() =>
        Assert.That(Days("0 0 13 * FRI", 2030, 9), Is.EqualTo(new[] { 6, 13, 20, 27 }));

    [Test]
    public void Should_run_on_the_1st_and_on_every_monday_not_only_on_a_monday_the_1st() =>
        Assert.That(Days("0 0 1 * MON", 2030, 7), Is.EqualTo(new[] { 1, 8, 15, 22, 29 }));

    [Test]
    public void Should_run_on_days_1_to_7_and_every_monday_rather_than_the_first_monday() =>
        Assert.That(Days("0 0 1-7 * MON", 2030, 7), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 15, 22, 29 }));

    [Test]
    public void Should_run_on_the_last_day_and_on_the_third_friday() =>
        Assert.That(Days("0 0 L * FRI#3", 2030, 4), Is.EqualTo(new[] { 19, 30 }));

    [Test]
    public void Should_combine_a_step_that_does_not_start_with_a_star_by_either() =>
        Assert.That(Days("0 0 1-31/10 * SUN", 2030, 3), Is.EqualTo(new[] { 1, 3, 10, 11, 17, 21, 24, 31 }));

    [Test]
    public void Should_let_day_of_week_alone_decide_when_day_of_month_is_a_wildcard()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Days("0 0 * * MON", 2030, 7), Is.EqualTo(new[] { 1, 8, 15, 22, 29 }));
            Assert.That(Days("0 0 ? * MON", 2030, 7), Is.EqualTo(new[] { 1, 8, 15, 22, 29 }));
        });
    }

    [Test]
    public void Should_let_day_of_month_alone_decide_when_day_of_week_is_a_wildcard()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Days("0 0 1,15 * *", 2030, 7), Is.EqualTo(new[] { 1, 15 }));
            Assert.That(Days("0 0 1,15 * ?", 2030, 7), Is.EqualTo(new[] { 1, 15 }));
        });
    }

    [Test]
    public void Should_keep_either_semantics_across_a_time_zone() =>
        Assert.That(Cron("0 9 13 * FRI", "Asia/Tokyo", "2030-09-01T00:00:00+09:00", "2030-09-30T00:00:00+09:00"), Is.EqualTo(new[]
        {
            "2030-09-06T09:00:00+09:00", "2030-09-13T09:00:00+09:00", "2030-09-20T09:00:00+09:00", "2030-09-27T09:00:00+09:00",
        }));
}
