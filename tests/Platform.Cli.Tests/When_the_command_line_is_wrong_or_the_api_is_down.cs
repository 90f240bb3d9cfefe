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

    [TestCase(new[] { "jobz" }, "error: unknown command 'jobz'")]
    [TestCase(new[] { "schedule", "/nonexistent/job.json" }, "error: cannot read the job file '/nonexistent/job.json'")]
    [TestCase(new[] { "jobs", "--api", "127.0.0.1:5103" }, "error: the API address '127.0.0.1:5103' is not an absolute http(s) URL")]
    [TestCase(new[] { "jobs", "--user", "zoë" }, "error: the user 'zoë' has characters an HTTP header cannot carry")]
    public async Task Should_exit_2_with_one_error_line_and_the_usage(string[] args, string message)
    {
        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Usage), result.ToString());
            Assert.That(CliRunner.Lines(result.Error)[0], Does.StartWith(message));
            Assert.That(result.Error, Does.Contain("usage: platform-cli <command>"));
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task Should_print_the_usage_and_exit_0_for_help()
    {
        var result = await CliRunner.RunAsync(_http, new Dictionary<string, string>(), "", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok));
            Assert.That(result.Output, Does.Contain("cron next <expression>"));
            Assert.That(result.Error, Is.Empty);
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
