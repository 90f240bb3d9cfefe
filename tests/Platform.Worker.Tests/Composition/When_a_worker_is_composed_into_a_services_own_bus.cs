using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Worker.Reliability;
using Platform.Worker.Tests.Integration;

namespace Platform.Worker.Tests.Composition;

/// <summary>A service with its own MassTransit bus and consumer adds the worker with <c>x.AddPlatformWorker</c> and
/// <c>cfg.ConfigurePlatformWorker</c>: both receive on one bus, and the worker keeps its priority queue, PostgreSQL ledger,
/// circuit breakers and retries through the platform's message scheduler (which the service never configured itself).</summary>
[TestFixture]
public sealed class When_a_worker_is_composed_into_a_services_own_bus : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    readonly ReceivedOrders _orders = new();
    IHost? _scheduler;
    IHost? _service;
    RunPublisher? _publisher;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    RunPublisher Publisher => _publisher!;

    [OneTimeSetUp]
    public async Task StartPlatformAndService()
    {
        _scheduler = await WorkerHosts.StartSchedulerAsync(PlatformConfiguration());
        _service = await ComposedService.StartAsync(ComposedService.Builder(Servers, VirtualHost, new Dictionary<string, string?>
        {
            ["Platform:Worker:Queue"] = ComposedService.Queue,
            ["Platform:Worker:ConnectionString"] = ConnectionString,
            ["Platform:Worker:CircuitBreaker:FailureThreshold"] = "2",
        }, _state, _orders));
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopPlatformAndService()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _service.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_deliver_the_services_own_messages_to_its_own_consumer()
    {
        var orderId = Guid.NewGuid();

        await Probe.Bus.Publish(new OrderPlaced(orderId));

        Assert.That(await _orders.WaitAsync(orderId, Wait), Is.True, "the service's own consumer did not receive its OrderPlaced");
    }

    [Test]
    public async Task Should_run_a_job_beside_them_and_record_it_in_the_ledger()
    {
        var orderId = Guid.NewGuid();
        var run = RunPublisher.Run(ComposedService.JobType, new TestPayload());

        await Publisher.Publish(run);
        await Probe.Bus.Publish(new OrderPlaced(orderId));

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the run to succeed on the service's bus");
        Assert.Multiple(async () =>
        {
            Assert.That(succeeded.Worker, Does.StartWith($"{ComposedService.Queue}@"), "the worker names itself after its queue");
            Assert.That(await _orders.WaitAsync(orderId, Wait), Is.True, "the service's own consumer stopped receiving");
            Assert.That(await LedgerOutcome(run.RunId), Is.EqualTo("Succeeded"), "the outcome in worker.completed_runs");
        });
    }

    [Test]
    public async Task Should_retry_a_failed_run_through_the_platforms_message_scheduler()
    {
        var retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromSeconds(1), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1), Jitter = false };
        var run = RunPublisher.Run(ComposedService.JobType, new TestPayload { FailTimes = 1 }, retry: retry);

        await Publisher.Publish(run);

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the second attempt to succeed");
        var failed = await Probe.WaitFor<JobRunFailed>(f => f.RunId == run.RunId, Wait, "the first attempt's failure");
        Assert.Multiple(() =>
        {
            Assert.That(failed.WillRetry, Is.True);
            Assert.That(succeeded.Attempt, Is.EqualTo(2));
            Assert.That(succeeded.StartedAt, Is.GreaterThanOrEqualTo(failed.NextAttemptAt!.Value.AddMilliseconds(-50)),
                "the retry came back at its time, through the scheduler's Quartz bridge");
        });
    }

    [Test]
    public async Task Should_open_the_circuit_breaker_of_a_job_type_that_keeps_failing()
    {
        var once = new RetryPolicy { MaxAttempts = 1 };
        var runs = Enumerable.Range(0, 2).Select(_ => RunPublisher.Run(ComposedService.FlakyJobType, new TestPayload { FailTimes = 1 }, retry: once)).ToList();

        foreach (var run in runs)
            await Publisher.Publish(run);
        foreach (var run in runs)
            await Probe.WaitFor<JobRunDeadLettered>(d => d.RunId == run.RunId, Wait, "each failing run to be dead-lettered");

        var breakers = _service!.Services.GetRequiredService<JobTypeBreakers>().Snapshots();
        Assert.That(breakers.Single(b => b.JobType == ComposedService.FlakyJobType).State, Is.EqualTo(CircuitState.Open),
            "two failures within the window open the breaker (FailureThreshold 2)");
    }

    [Test]
    public async Task Should_declare_the_priority_queue_beside_the_services_own_queue()
    {
        var queues = await Management.GetFromJsonAsync<JsonElement[]>(new Uri($"api/queues/{VirtualHost}", UriKind.Relative));
        var byName = queues!.ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("arguments"));

        Assert.Multiple(() =>
        {
            Assert.That(byName, Does.ContainKey(ComposedService.Queue));
            Assert.That(byName, Does.ContainKey("OrderPlaced"), "the service's own consumer's queue (MassTransit's default name)");
            Assert.That(byName.Keys, Has.None.EqualTo($"{ComposedService.Queue}-commands"), "replays come from the scheduler as runs, not as commands to the worker");
            Assert.That(byName.Keys.Where(k => k.StartsWith($"{ComposedService.Queue}-cancel-", StringComparison.Ordinal)), Has.Exactly(1).Items,
                "this process's cancellation queue");
        });
        Assert.That(byName[ComposedService.Queue].GetProperty("x-max-priority").GetInt32(), Is.EqualTo(9));
    }

    async Task<string?> LedgerOutcome(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select outcome from worker.completed_runs where run_id = $1", connection);
        command.Parameters.AddWithValue(runId);
        return (string?)await command.ExecuteScalarAsync();
    }
}
