using NUnit.Framework;

namespace Platform.Scheduling.Tests.Expressions;

/// <summary><c>L</c>, <c>L-n</c>, <c>nW</c>, <c>LW</c> in day-of-month; <c>nL</c> and <c>n#k</c> in day-of-week. Expected
/// days come from the 2030 calendar (1 June is a Saturday, 1 September a Sunday, 31 March a Sunday).</summary>
[TestFixture]
public sealed class When_using_last_nearest_weekday_and_nth_day
{
    static string[] Dates(string expression, int count, int year = 2030)
    {
        var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1);
        return CronSchedule.Parse(expression).GetOccurrences(start, DateTimeOffset.MaxValue, count)
            .Select(o => o.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    [Test]
    public void Should_run_on_the_last_day_of_each_month_with_L() =>
        Assert.That(Dates("0 0 L * *", 4), Is.EqualTo(new[] { "01-31", "02-28", "03-31", "04-30" }));

    [Test]
    public void Should_run_on_the_29th_of_february_in_a_leap_year_with_L() =>
        Assert.That(Dates("0 0 L 2 *", 1, 2032), Is.EqualTo(new[] { "02-29" }));

    [Test]
    public void Should_run_n_days_before_the_last_with_L_minus_n() =>
        Assert.That(Dates("0 0 L-2 * *", 3), Is.EqualTo(new[] { "01-29", "02-26", "03-29" }));

    [Test]
    public void Should_move_15W_to_the_nearest_weekday_within_the_month() =>
        Assert.That(Dates("0 0 15W * *", 12), Is.EqualTo(new[]
        {
            "01-15", "02-15", "03-15", "04-15", "05-15", "06-14", "07-15", "08-15", "09-16", "10-15", "11-15", "12-16",
        }));

    [Test]
    public void Should_move_1W_on_a_saturday_forward_to_monday_the_3rd_not_into_the_previous_month() =>
        Assert.That(Dates("0 0 1W 6,9,12 *", 3), Is.EqualTo(new[] { "06-03", "09-02", "12-02" }));

    [Test]
    public void Should_move_31W_on_a_sunday_back_to_friday_and_skip_months_without_a_31st() =>
        Assert.That(Dates("0 0 31W * *", 7), Is.EqualTo(new[] { "01-31", "03-29", "05-31", "07-31", "08-30", "10-31", "12-31" }));

    [Test]
    public void Should_run_on_the_last_weekday_of_each_month_with_LW() =>
        Assert.That(Dates("0 0 LW * *", 12), Is.EqualTo(new[]
        {
            "01-31", "02-28", "03-29", "04-30", "05-31", "06-28", "07-31", "08-30", "09-30", "10-31", "11-29", "12-31",
        }));

    [Test]
    public void Should_run_on_the_third_friday_with_hash()
    {
        var third = new[] { "01-18", "02-15", "03-15", "04-19", "05-17", "06-21" };
        Assert.Multiple(() =>
        {
            Assert.That(Dates("0 0 * * FRI#3", 6), Is.EqualTo(third));
            Assert.That(Dates("0 0 ? * 5#3", 6), Is.EqualTo(third));
        });
    }

    [Test]
    public void Should_run_a_fifth_monday_only_in_months_that_have_one() =>
        Assert.That(Dates("0 0 * * MON#5", 4), Is.EqualTo(new[] { "04-29", "07-29", "09-30", "12-30" }));

    [Test]
    public void Should_run_on_the_last_friday_with_5L_or_FRIL()
    {
        var last = new[] { "01-25", "02-22", "03-29", "04-26", "05-31", "06-28" };
        Assert.Multiple(() =>
        {
            Assert.That(Dates("0 0 * * 5L", 6), Is.EqualTo(last));
            Assert.That(Dates("0 0 * * FRIL", 6), Is.EqualTo(last));
            Assert.That(Dates("0 0 * * fril", 6), Is.EqualTo(last));
        });
    }

    [Test]
    public void Should_treat_7L_and_SUN_hash_as_sunday() =>
        Assert.That(Dates("0 0 * * 7L,SUN#1", 4), Is.EqualTo(new[] { "01-06", "01-27", "02-03", "02-24" }));

    [Test]
    public void Should_combine_specials_with_plain_days_in_a_list() =>
        Assert.That(Dates("0 0 1,15,L * *", 4), Is.EqualTo(new[] { "01-01", "01-15", "01-31", "02-01" }));
}
