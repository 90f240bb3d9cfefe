using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>The kill switch: while the worker's database fails, runs are handed back (not failed, not moved to the error
/// queue) and the endpoint stops consuming for a while instead of spinning; once the database is back, every run
/// completes once.</summary>
[TestFixture]
public sealed class When_the_worker_database_fails : PlatformFixture
{
    const string Queue = "fragile-worker";
    const string JobType = "test.fragile";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task Start()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Queue"] = Queue;
        configuration["Platform:Worker:ConcurrentRuns"] = "1";
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        configuration["Platform:Worker:KillSwitch:ActivationThreshold"] = "3";
        configuration["Platform:Worker:KillSwitch:TripThreshold"] = "50";
        configuration["Platform:Worker:KillSwitch:RestartTimeout"] = "00:00:02";
        _worker = await WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _worker.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_stop_consuming_then_complete_every_run_once_the_database_is_back()
    {
        using var session = Track().Observe(_probe!.Bus, "probe").Observe(_worker!.Services.GetRequiredService<IBus>(), "worker");
        await Sql("alter table worker.run_leases rename to run_leases_unavailable");
        var runs = Enumerable.Range(0, 5).Select(_ => RunPublisher.Run(JobType, new TestPayload())).ToList();
        await Task.WhenAll(runs.Select(_publisher!.Publish));

        var bus = _worker.Services.GetRequiredService<IBusControl>();
        await Eventually(() => Task.FromResult(bus.CheckHealth().Status != BusHealthStatus.Healthy), Wait,
            "the kill switch to stop the worker's endpoint");
        Assert.Multiple(async () =>
        {
            Assert.That(_probe.Received<JobRunStarted>().Where(s => runs.Any(r => r.RunId == s.RunId)), Is.Empty, "no run started");
            Assert.That(_probe.Received<JobRunFailed>().Where(f => runs.Any(r => r.RunId == f.RunId)), Is.Empty, "no run failed");
            Assert.That(await PeekQueueAsync($"{Queue}_error"), Is.Empty, "no run moved to the error queue");
        });

        await Sql("alter table worker.run_leases_unavailable rename to run_leases");
        foreach (var run in runs)
            await _probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "every run to succeed once the database is back");
        await session.WaitUntilQuietAsync(Wait, "the runs after the database came back");
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => session.Consumed<JobRunSucceeded>(s => s.RunId == r.RunId, by: "probe").Count), Is.All.EqualTo(1),
                "JobRunSucceeded deliveries per run");
            Assert.That(runs.Select(r => _state.Starts.Count(s => s.RunId == r.RunId)), Is.All.EqualTo(1), "handler executions per run");
        });
    }

    async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
