using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace Platform.Cli.Tests;

/// <summary>The exit codes and messages a script sees before any answer of the API: bad usage (2, with the usage text)
/// an API that cannot be reached (3, naming the URL tried) and a service that is not the API (1).</summary>
[TestFixture]
public sealed class When_the_command_line_is_wrong_or_the_api_is_down
{
    readonly HttpClient _http = new();

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    [TestCase(new[] { "schedule", "/nonexistent/job.json" }, "error: cannot read the job file '/nonexistent/job.json'")]
    [TestCase(new[] { "jobs", "--api", "127.0.0.1:5103" }, "error: the API address '127.0.0.1:5103' is not an absolute http(s) URL")]
    [TestCase(new[] { "jobs", "--user", "zoë" }, "error: the user 'zoë' has characters an HTTP header cannot carry")]
    [TestCase(new[] { "replay", "x", "--payload", "{ not json" }, "error: --payload is not JSON")]
    public async Task Should_exit_2_with_one_error_line(string[] args, string message)
    {
        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Usage), result.ToString());
            Assert.That(CliRunner.Lines(result.Error), Has.Length.EqualTo(1));
            Assert.That(result.Error, Does.StartWith(message));
            Assert.That(result.Output, Is.Empty);
        });
    }

    [TestCase(new[] { "jobz" }, "'jobz'", "jobs", "platform-cli --help")]
    [TestCase(new[] { "runs", "--stat", "Running" }, "'--stat'", "--state", "platform-cli runs --help")]
    [TestCase(new[] { "job" }, "jobId", null, "platform-cli job --help")]
    [TestCase(new[] { "jobs", "--limit", "many" }, "many", null, "platform-cli jobs --help")]
    [TestCase(new[] { "cron", "next", "* * * * *", "--zon", "UTC" }, "'--zon'", "--zone", "platform-cli cron next --help")]
    public async Task Should_exit_2_naming_what_is_wrong_with_the_command_line_and_suggest_what_was_meant(string[] args, string named, string? suggested,
        string see)
    {
        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Usage), result.ToString());
            Assert.That(result.Error, Does.Contain(named));
            if (suggested is not null)
                Assert.That(result.Error, Does.Contain("Did you mean").And.Contain(suggested));
            Assert.That(CliRunner.Lines(result.Error)[^1], Is.EqualTo($"see: {see}"));
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task Should_print_the_help_of_each_command_and_exit_0()
    {
        var root = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "--help");
        var backfill = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "backfill", "--help");
        var bare = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", []);

        Assert.Multiple(() =>
        {
            Assert.That(root.ExitCode, Is.EqualTo(ExitCode.Ok));
            Assert.That(root.Output, Does.Contain("fires").And.Contain("dead-letters").And.Contain("backfill").And.Contain("completion"));
            Assert.That(backfill.Output, Does.Contain("--from").And.Contain("--yes").And.Contain("cause 'backfill'"));
            Assert.That(root.Error, Is.Empty);
            Assert.That(bare.ExitCode, Is.EqualTo(ExitCode.Usage), "no command is a wrong command line");
            Assert.That(bare.Output, Does.Contain("Usage:"));
        });
    }

    [Test]
    public async Task Should_print_its_version()
    {
        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "--version");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok));
            Assert.That(result.Output, Does.Match(@"^\d+\.\d+\.\d+"));
        });
    }

    [Test]
    public async Task Should_complete_commands_options_and_values_through_the_suggest_directive()
    {
        var commands = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "[suggest:2]", "jo");
        var states = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "[suggest:17]", "runs --state Dead");
        var script = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "completion", "bash");

        Assert.Multiple(() =>
        {
            Assert.That(CliRunner.Lines(commands.Output), Is.SupersetOf(new[] { "job", "jobs" }));
            Assert.That(CliRunner.Lines(states.Output), Is.EqualTo(new[] { "DeadLettered" }));
            Assert.That(script.Output, Does.Contain("complete -o default -F _platform_cli platform-cli").And.Contain("[suggest:"));
        });
    }

    [Test]
    public async Task Should_exit_3_naming_the_url_when_nothing_listens_there()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";

        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string> { [Cli.ApiVariable] = url }, "", "jobs");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Unreachable), result.ToString());
            Assert.That(result.Error, Does.StartWith($"error: cannot reach the platform API at {url}/"));
            Assert.That(CliRunner.Lines(result.Error), Has.Length.EqualTo(1), "one line, no stack trace");
        });
    }

    [Test]
    public async Task Should_exit_1_without_a_stack_trace_when_the_address_is_another_json_service()
    {
        using var other = new HttpClient(new StaticAnswerHandler("""{ "status": "ok" }"""));

        var result = await CliRunner.RunAsync(other, new Dictionary<string, string>(), "", "jobs", "--api", "http://other:8080");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.ApiError), result.ToString());
            Assert.That(result.Error, Does.StartWith("error: the answer from http://other:8080/ is not what the platform API sends"));
            Assert.That(CliRunner.Lines(result.Error), Has.Length.EqualTo(1));
        });
    }

    /// <summary>A port that was free a moment ago (the OS hands out a fresh one and it is closed again).</summary>
    static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
