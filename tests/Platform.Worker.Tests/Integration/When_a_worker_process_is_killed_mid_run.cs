using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>The crash scenario: a real worker process (the sample host) is killed with SIGKILL while it runs a
/// run; the broker redelivers the unacknowledged run, another worker takes it over once the dead worker's lease has
/// expired, and the run completes exactly once.</summary>
[TestFixture]
public sealed class When_a_worker_process_is_killed_mid_run : PlatformFixture
{
    const string Queue = "platform-worker";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    readonly TestJobState _state = new();
    readonly StringBuilder _output = new();
    Process? _process;
    WebApplication? _survivor;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task Start()
    {
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [TearDown]
    public async Task StopWorkers()
    {
        if (_process is { HasExited: false })
            _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        _process = null;
        await _survivor.StopQuietlyAsync();
        _survivor = null;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
    }

    [Test]
    public async Task Should_complete_the_run_exactly_once_on_another_worker()
    {
        using var session = Track().Observe(_probe!.Bus, "probe");
        _process = StartWorkerProcess();
        await Eventually(WorkerProcessConsumes, Wait, $"the worker process to consume {Queue}; its output:\n{_output}");

        var run = RunPublisher.Run("platform.sleep", new TestPayload { Ms = 4000 });
        await _publisher!.Publish(run);
        var first = await _probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "the worker process to start the run");
        Assert.That(first.Worker, Does.EndWith($"/{_process.Id}"), "the worker process runs it");

        var configuration = Configuration();
        configuration["Platform:Worker:InstanceName"] = "survivor";
        _survivor = await WorkerHosts.StartWorkerAsync(configuration, _state, "platform.sleep");
        session.Observe(_survivor.Services.GetRequiredService<IBus>(), "survivor");

        _process.Kill();
        await _process.WaitForExitAsync();
        var killedAt = TimeProvider.System.GetUtcNow();

        var succeeded = await _probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the run to complete on the surviving worker");
        await session.WaitUntilQuietAsync(Wait, "the run's takeover");
        var second = _probe.Received<JobRunStarted>().Single(s => s.RunId == run.RunId && s.Worker != first.Worker);
        Assert.Multiple(async () =>
        {
            Assert.That(succeeded.Worker, Is.EqualTo($"{Queue}@survivor"), "completed by the other worker");
            Assert.That(second.StartedAt, Is.GreaterThanOrEqualTo(killedAt - TimeSpan.FromMilliseconds(50)), "taken over after the kill");
            Assert.That(session.Consumed<JobRunSucceeded>(s => s.RunId == run.RunId, by: "probe"), Has.Count.EqualTo(1), "JobRunSucceeded deliveries");
            Assert.That(await CompletedSuccessfully(run.RunId), Is.EqualTo(1), "successful completions recorded in worker.completed_runs");
            Assert.That(_state.Starts.Count(s => s.RunId == run.RunId), Is.EqualTo(1), "the survivor ran it once");
        });
    }

    Dictionary<string, string?> Configuration()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Queue"] = Queue;
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        configuration["Platform:Worker:HeartbeatInterval"] = "00:00:00.500";
        configuration["Platform:Worker:LeaseTimeout"] = "00:00:03";
        return configuration;
    }

    /// <summary><c>dotnet Platform.Worker.Host.dll</c>, configured through environment variables for this fixture.</summary>
    Process StartWorkerProcess()
    {
        var path = typeof(When_a_worker_process_is_killed_mid_run).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "WorkerHostPath").Value!;
        Assert.That(File.Exists(path), Is.True, $"the worker host is built at {path}");
        var start = new ProcessStartInfo("dotnet", [path])
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Configuration())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    async Task<bool> WorkerProcessConsumes()
    {
        Assert.That(_process!.HasExited, Is.False, $"the worker process exited: {_output}");
        using var response = await Management.GetAsync(new Uri($"api/queues/{VirtualHost}/{Queue}", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
            return false;
        var queue = await response.Content.ReadFromJsonAsync<JsonElement>();
        return queue.TryGetProperty("consumers", out var consumers) && consumers.GetInt32() > 0;
    }

    async Task<long> CompletedSuccessfully(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from worker.completed_runs where run_id = $1 and outcome = 'Succeeded'", connection);
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
