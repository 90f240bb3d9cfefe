using NUnit.Framework;

namespace Platform.Cli.Tests;

[TestFixture]
public sealed class When_parsing_command_lines
{
    [Test]
    public void Should_read_options_anywhere_in_both_forms_with_the_global_flags()
    {
        var line = CommandLineParser.Parse(["--json", "runs", "--state=Running,Queued", "--job", "42", "--api", "http://api:8080"]);

        Assert.Multiple(() =>
        {
            Assert.That(line.Command?.Name, Is.EqualTo("runs"));
            Assert.That(line.Json, Is.True);
            Assert.That(line.Option("state"), Is.EqualTo("Running,Queued"));
            Assert.That(line.Option("job"), Is.EqualTo("42"));
            Assert.That(line.Option("api"), Is.EqualTo("http://api:8080"));
            Assert.That(line.Option("limit"), Is.Null);
        });
    }

    [Test]
    public void Should_read_cron_next_as_one_command_with_its_expression_and_a_dash_as_an_argument()
    {
        var cron = CommandLineParser.Parse(["cron", "next", "*/5 * * * *", "--zone", "Europe/London"]);
        var schedule = CommandLineParser.Parse(["schedule", "-"]);

        Assert.Multiple(() =>
        {
            Assert.That(cron.Command?.Name, Is.EqualTo("cron next"));
            Assert.That(cron.Arguments, Is.EqualTo(new[] { "*/5 * * * *" }));
            Assert.That(cron.Option("zone"), Is.EqualTo("Europe/London"));
            Assert.That(schedule.Arguments, Is.EqualTo(new[] { "-" }));
        });
    }

    [TestCase(new[] { "job" }, "job needs <jobId>")]
    [TestCase(new[] { "job", "a", "b" }, "job does not take the argument 'b'")]
    [TestCase(new[] { "jobs", "--job", "a" }, "jobs takes no option --job")]
    [TestCase(new[] { "jobs", "--state", "--json" }, "--state needs a value")]
    public void Should_refuse_a_command_line_of_the_wrong_shape(string[] args, string message)
    {
        var exception = Assert.Throws<UsageException>(() => CommandLineParser.Parse(args));
        Assert.That(exception.Message, Does.Contain(message));
    }
}
