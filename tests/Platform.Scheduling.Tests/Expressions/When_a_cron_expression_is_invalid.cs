using NUnit.Framework;

namespace Platform.Scheduling.Tests.Expressions;

[TestFixture]
public sealed class When_a_cron_expression_is_invalid
{
    [TestCase("", "the cron expression is empty: write 5 fields (minute hour day-of-month month day-of-week")]
    [TestCase("   ", "the cron expression is empty")]
    [TestCase("* * * *", "'* * * *' has 4 fields; a cron expression has 5 fields")]
    [TestCase("*", "'*' has 1 field; a cron expression has 5 fields")]
    [TestCase("* * * * * * *", "has 7 fields; a cron expression has 5 fields (minute hour day-of-month month day-of-week, e.g. '30 9 * * MON-FRI') or 6 with seconds first")]
    [TestCase("60 * * * * *", "second field '60': '60' is out of range; it accepts 0-59, *, ranges")]
    [TestCase("60 * * * *", "minute field '60': '60' is out of range; it accepts 0-59, *, ranges (10-20), lists (0,30) and steps (*/15, 5/10, 10-40/5)")]
    [TestCase("* 24 * * *", "hour field '24': '24' is out of range; it accepts 0-23")]
    [TestCase("* * 0 * *", "day-of-month field '0': '0' is out of range; it accepts 1-31, * or ?, ranges (1-15), lists (1,15), steps (*/2, 1-15/3), L (last day), L-n (n days before the last), nW (the weekday nearest day n, e.g. 15W) and LW (the last weekday); a day field that starts with * (*/2 included) or is ? makes a day match both day fields; only when neither does, a day matching either runs")]
    [TestCase("* * 32 * *", "day-of-month field '32': '32' is out of range")]
    [TestCase("* * * 13 *", "month field '13': '13' is out of range; it accepts 1-12 or JAN-DEC")]
    [TestCase("* * * 0 *", "month field '0': '0' is out of range")]
    [TestCase("* * * * 8", "day-of-week field '8': '8' is out of range; it accepts 0-7 or SUN-SAT (0 and 7 are Sunday)")]
    [TestCase("abc * * * *", "minute field 'abc': 'abc' is not a number; it accepts")]
    [TestCase("* * * * -1", "day-of-week field '-1': a value is missing; it accepts")]
    [TestCase("* * * FOO *", "month field 'FOO': 'FOO' is not a number or a name; it accepts")]
    [TestCase("0 0 * * MONDAY", "day-of-week field 'MONDAY': 'MONDAY' is not a number or a name")]
    [TestCase("* JAN * * *", "hour field 'JAN': 'JAN' is not a number; it accepts")]
    [TestCase("30-10 * * * *", "minute field '30-10': '30-10' is a reversed range: write the lower value first")]
    [TestCase("1-2-3 * * * *", "minute field '1-2-3': '1-2-3' has more than one '-'")]
    [TestCase("*/2/3 * * * *", "minute field '*/2/3': '*/2/3' has more than one '/'")]
    [TestCase("*/0 * * * *", "minute field '*/0': the step in '*/0' must be a whole number from 1 to 59")]
    [TestCase("*/60 * * * *", "the step in '*/60' must be a whole number from 1 to 59")]
    [TestCase("* */x * * *", "hour field '*/x': the step in '*/x' must be a whole number from 1 to 23")]
    [TestCase("* * * * */7", "the step in '*/7' must be a whole number from 1 to 6")]
    [TestCase("1,,2 * * * *", "minute field '1,,2': '1,,2' has an empty list item")]
    [TestCase("? * * * *", "minute field '?': '?' is only accepted in the day-of-month and day-of-week fields")]
    [TestCase("* * * ? *", "month field '?': '?' is only accepted in the day-of-month and day-of-week fields")]
    [TestCase("* * ?,1 * *", "day-of-month field '?,1': '?' must stand alone (it means any day)")]
    [TestCase("* * * * ?,MON", "day-of-week field '?,MON': '?' must stand alone (it means any day)")]
    [TestCase("* * L-31 * *", "day-of-month field 'L-31': in 'L-31' the number of days before the last must be 0-30")]
    [TestCase("* * L-x * *", "in 'L-x' the number of days before the last must be 0-30")]
    [TestCase("* * 15WL * *", "day-of-month field '15WL': '15WL' is not a valid use of L or W (write L, L-3, LW or a day with W such as 15W, each on its own)")]
    [TestCase("* * W * *", "'W' is not a valid use of L or W")]
    [TestCase("* * 1-5W * *", "'1-5W' is not a valid use of L or W")]
    [TestCase("* * 32W * *", "day-of-month field '32W': '32' is out of range")]
    [TestCase("* * * * L", "day-of-week field 'L': 'L' needs a day before it here, e.g. 5L or FRIL for the last Friday of the month")]
    [TestCase("* * * * 8L", "day-of-week field '8L': '8' is out of range")]
    [TestCase("* * * * FRI#6", "day-of-week field 'FRI#6': in 'FRI#6' the number after # must be 1-5 (FRI#3 is the third Friday of the month)")]
    [TestCase("* * * * FRI#", "in 'FRI#' the number after # must be 1-5")]
    [TestCase("* * * * FOO#2", "day-of-week field 'FOO#2': 'FOO' is not a number or a name")]
    [TestCase("* * * * 5#1#2", "in '5#1#2' the number after # must be 1-5")]
    [TestCase("0 0 30 2 *", "the day-of-month ('30'), month ('2') and day-of-week ('*') fields never match a real date (such as day 30 in February), so the expression would never run")]
    [TestCase("0 0 31 4,6,9,11 *", "fields never match a real date")]
    [TestCase("0 0 31W 2 ?", "fields never match a real date")]
    public void Should_name_the_field_and_say_what_it_accepts(string expression, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CronSchedule.TryParse(expression, null, out var schedule, out var error), Is.False);
            Assert.That(schedule, Is.Null);
            Assert.That(error, Does.Contain(expected));
            Assert.That(() => CronSchedule.Parse(expression), Throws.TypeOf<InvalidCronScheduleException>()
                .With.Message.EqualTo(error).And.Property(nameof(ArgumentException.ParamName)).EqualTo("expression"));
        });
    }

    [TestCase("Mars/Olympus", "the time zone 'Mars/Olympus' is unknown: give an IANA time zone id such as 'Europe/London' or 'America/New_York' (case matters), or leave it out for UTC")]
    [TestCase("europe/london", "the time zone 'europe/london' is unknown")]
    [TestCase("Eastern Standard Time", "the time zone 'Eastern Standard Time' is unknown")]
    [TestCase("", "the time zone is empty: give an IANA time zone id such as 'Europe/London' or 'America/New_York', or leave it out for UTC")]
    [TestCase(" ", "the time zone is empty")]
    public void Should_say_the_time_zone_is_unknown(string timeZone, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CronSchedule.TryParse("0 9 * * *", timeZone, out _, out var error), Is.False);
            Assert.That(error, Is.EqualTo(expected).Or.StartsWith(expected));
            Assert.That(CronSchedule.TryFindTimeZone(timeZone, out var zone, out var zoneError), Is.False);
            Assert.That(zone, Is.Null);
            Assert.That(zoneError, Is.EqualTo(error));
            Assert.That(() => CronSchedule.Parse("0 9 * * *", timeZone), Throws.TypeOf<InvalidCronScheduleException>()
                .With.Message.EqualTo(error).And.Property(nameof(ArgumentException.ParamName)).EqualTo("timeZone"));
        });
    }

    [Test]
    public void Should_reject_a_zone_id_in_the_wrong_case_even_after_the_right_one_was_loaded()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CronSchedule.TryFindTimeZone("Europe/London", out _, out _), Is.True);
            Assert.That(CronSchedule.TryFindTimeZone("EUROPE/LONDON", out _, out var error), Is.False);
            Assert.That(error, Does.StartWith("the time zone 'EUROPE/LONDON' is unknown"));
        });
    }

    [TestCase("UTC")]
    [TestCase("Etc/UTC")]
    [TestCase("America/Argentina/Buenos_Aires")]
    [TestCase("Asia/Kathmandu")]
    public void Should_accept_iana_time_zone_ids(string timeZone)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CronSchedule.TryParse("0 9 * * *", timeZone, out var schedule, out var error), Is.True, error);
            Assert.That(schedule!.TimeZone.Id, Is.EqualTo(timeZone));
        });
    }

    [Test]
    public void Should_report_the_expression_before_the_time_zone_when_both_are_wrong()
    {
        CronSchedule.TryParse("61 * * * *", "Mars/Olympus", out _, out var error);
        Assert.That(error, Does.StartWith("minute field '61'"));
    }
}
