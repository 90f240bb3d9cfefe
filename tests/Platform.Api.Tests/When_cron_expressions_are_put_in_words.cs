using NUnit.Framework;
using Platform.Api.Cron;

namespace Platform.Api.Tests;

/// <summary>The cron expression of a job in words, as the job page shows it.</summary>
[TestFixture]
public sealed class When_cron_expressions_are_put_in_words
{
    [TestCase("30 9 * * MON-FRI", "at 09:30, on Monday through Friday")]
    [TestCase("0 30 9 * * 1-5", "at 09:30, on Monday through Friday")]
    [TestCase("*/15 * * * *", "every 15 minutes")]
    [TestCase("*/10 * * * * *", "every 10 seconds")]
    [TestCase("0 0 1 1 *", "at 00:00, on day 1 of the month, in January")]
    [TestCase("0 8,17 * * *", "at 08:00 and 17:00")]
    [TestCase("0 9 L * *", "at 09:00, on the last day of the month")]
    [TestCase("0 9 15W * *", "at 09:00, on the weekday nearest day 15 of the month")]
    [TestCase("0 9 * * 5#3", "at 09:00, on the third Friday of the month")]
    [TestCase("0 9 * * FRIL", "at 09:00, on the last Friday of the month")]
    [TestCase("0 9 1 * MON", "at 09:00, on day 1 of the month or on Monday")]
    [TestCase("0 9 */2 * MON", "at 09:00, every 2 days of the month and on Monday")]
    [TestCase("5 * * * *", "at minute 5")]
    [TestCase("0 */2 * * *", "at minute 0, every 2 hours")]
    [TestCase("0 9 * JAN-MAR,DEC SUN", "at 09:00, on Sunday, in January through March and December")]
    public void Should_say_what_the_expression_does(string expression, string words) =>
        Assert.That(CronWords.Describe(expression), Is.EqualTo(words));
}
