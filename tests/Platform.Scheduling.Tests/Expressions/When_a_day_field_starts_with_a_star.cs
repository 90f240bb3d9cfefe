using NUnit.Framework;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Expressions;

/// <summary>Vixie/ISC cron's star rule: a day-of-month or day-of-week field that starts with <c>*</c> (<c>*/n</c> and
/// <c>*,n</c> included) counts as unrestricted, and then a day must match BOTH fields; only when neither starts with
/// <c>*</c> does a day matching either run. The platform's <c>?</c> counts as <c>*</c>. Regression: <c>*/n</c> used to count
/// as restricted, so <c>0 12 5 * */1</c> ran every day (issue 14).</summary>
[TestFixture]
public sealed class When_a_day_field_starts_with_a_star
{
    static string[] Dates(string expression, string from, int count) =>
        CronSchedule.Parse(expression).GetOccurrences(Instant(from), DateTimeOffset.MaxValue, count)
            .Select(o => o.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [Test]
    public void Should_run_0_12_5_every_month_star_slash_1_on_the_5th_of_each_month() =>
        Assert.That(Dates("0 12 5 * */1", "2030-01-01T00:00:00Z", 4), Is.EqualTo(new[]
        {
            "2030-01-05 12:00", "2030-02-05 12:00", "2030-03-05 12:00", "2030-04-05 12:00",
        }));

    [Test]
    public void Should_run_0_12_star_slash_10_every_month_on_mondays_that_fall_on_the_1st_11th_21st_or_31st() =>
        Assert.That(Dates("0 12 */10 * 1", "2030-01-01T00:00:00Z", 13), Is.EqualTo(new[]
        {
            "2030-01-21 12:00", "2030-02-11 12:00", "2030-03-11 12:00", "2030-04-01 12:00", "2030-07-01 12:00",
            "2030-10-21 12:00", "2030-11-11 12:00", "2031-03-31 12:00", "2031-04-21 12:00", "2031-07-21 12:00",
            "2031-08-11 12:00", "2031-09-01 12:00", "2031-12-01 12:00",
        }));

    [Test]
    public void Should_need_both_when_day_of_week_is_a_star_step() =>
        Assert.That(Dates("0 0 5 * */2", "2030-01-01T00:00:00Z", 8).Select(d => d[..10]), Is.EqualTo(new[]
        {
            "2030-01-05", "2030-02-05", "2030-03-05", "2030-05-05", "2030-09-05", "2030-10-05", "2030-11-05", "2030-12-05",
        }));

    [Test]
    public void Should_need_both_when_day_of_month_is_a_star_step_with_a_named_day() =>
        Assert.That(Dates("0 0 */10 * SUN", "2030-03-01T00:00:00Z", 1), Is.EqualTo(new[] { "2030-03-31 00:00" }));

    [Test]
    public void Should_count_a_list_that_starts_with_a_star_as_a_star() =>
        Assert.That(Dates("0 0 *,15 * MON", "2030-07-01T00:00:00Z", 3), Is.EqualTo(new[]
        {
            "2030-07-08 00:00", "2030-07-15 00:00", "2030-07-22 00:00",
        }));

    [Test]
    public void Should_let_a_star_step_alone_decide_when_the_other_field_is_a_question_mark() =>
        Assert.That(Dates("0 0 ? * */3", "2030-07-01T00:00:00Z", 4), Is.EqualTo(new[]
        {
            "2030-07-03 00:00", "2030-07-06 00:00", "2030-07-07 00:00", "2030-07-10 00:00",
        }));

    [Test]
    public void Should_combine_special_days_with_a_star_step_by_both() =>
        Assert.That(Dates("0 0 L * */6", "2030-01-01T00:00:00Z", 4).Select(d => d[..10]), Is.EqualTo(new[]
        {
            "2030-03-31", "2030-06-30", "2030-08-31", "2030-11-30",
        }));

    [TestCase("0 0 30 2 */1")]
    [TestCase("0 0 LW * */6")]
    public void Should_reject_an_expression_that_never_runs_because_both_fields_must_match_and_say_why(string expression)
    {
        var parsed = CronSchedule.TryParse(expression, null, out _, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.False);
            Assert.That(error, Does.Contain("fields never match a real date").And.EndWith($"({CronSchedule.DayFieldsRule})"));
        });
    }

    [Test]
    public void Should_tell_the_star_rule_with_what_a_day_field_accepts() =>
        Assert.That(() => CronSchedule.Parse("0 0 32 * *"), Throws.TypeOf<InvalidCronScheduleException>()
            .With.Message.EndsWith(CronSchedule.DayFieldsRule));
}
