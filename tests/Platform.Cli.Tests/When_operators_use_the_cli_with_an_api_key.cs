using NUnit.Framework;
using Platform.Testing.Api;

namespace Platform.Cli.Tests;

/// <summary>The CLI against the real API with API keys configured: <c>--key</c> or <c>PLATFORM_API_KEY</c> reaches it as
/// <c>Authorization: Bearer</c> (a command is then recorded as the key's user, not <c>--user</c>); without a key it exits
/// 1 saying it is unauthorized and how to give one.</summary>
[TestFixture]
public sealed class When_operators_use_the_cli_with_an_api_key : KeyedApiFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Should_read_with_the_key_option()
    {
        var result = await RunCli([], "", "jobs", "--key", ReaderKey);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(result.Output, Does.StartWith("JOB ID"));
        });
    }

    [Test]
    public async Task Should_send_a_command_with_the_key_variable_as_the_key_user()
    {
        var jobId = Guid.NewGuid();
        var job = $$"""{ "jobId": "{{jobId}}", "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } }""";

        var result = await RunCli(new Dictionary<string, string> { [Cli.KeyVariable] = OperatorKey }, job, "schedule", "-", "--user", "mallory");

        await Eventually(() => Task.FromResult(Schedules.Received.Any(r => r.Message.JobId == jobId)), Wait,
            "the ScheduleJob to reach a queue bound to it");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Ok), result.ToString());
            Assert.That(result.Output, Does.Contain($"sent as api:{OperatorUser}"));
            Assert.That(Schedules.Received.Single(r => r.Message.JobId == jobId).Sender, Is.EqualTo($"api:{OperatorUser}"));
        });
    }

    [Test]
    public async Task Should_exit_7_saying_unauthorized_and_how_to_give_a_key_without_one()
    {
        var result = await RunCli([], "", "jobs");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Unauthorized), result.ToString());
            Assert.That(result.Error, Does.StartWith("error: Unauthorized:").And.Contain("(HTTP 401 Unauthorized)"));
            Assert.That(result.Error, Does.Contain($"give an API key with --key or {Cli.KeyVariable}"));
            Assert.That(CliRunner.Lines(result.Error), Has.Length.EqualTo(1));
            Assert.That(result.Output, Is.Empty);
        });
    }

    [Test]
    public async Task Should_exit_5_saying_forbidden_for_a_command_with_a_reader_key()
    {
        var result = await RunCli([], "", "cancel", Guid.NewGuid().ToString(), "--key", ReaderKey);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCode.Forbidden), result.ToString());
            Assert.That(result.Error, Does.StartWith("error: Forbidden:").And.Contain("needs an Operator key").And.Contain("(HTTP 403 Forbidden)"));
        });
    }

    /// <summary>Runs the CLI against this fixture's API (its address given as the environment's PLATFORM_API).</summary>
    Task<CliResult> RunCli(Dictionary<string, string> environment, string input, params string[] args)
    {
        environment[Cli.ApiVariable] = Client.BaseAddress!.ToString();
        return CliRunner.RunAsync(Client, environment, input, args);
    }
}
