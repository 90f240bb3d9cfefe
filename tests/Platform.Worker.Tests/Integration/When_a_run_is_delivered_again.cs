using Microsoft.AspNetCore.Builder;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Idempotency by run id: a run (attempt) that already completed is acknowledged without running the handler
/// again, by any worker of the service (the PostgreSQL ledger), or by the same process (the in-memory fallback).</summary>
[TestFixture]
public sealed class When_a_run_is_delivered_again : PlatformFixture
{
    const string JobType = "test.once";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task Start()
    {
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _worker.StopQuietlyAsync();
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
    }

    [TearDown]
    public async Task StopWorker()
    {
        await _worker.StopQuietlyAsync();
        _worker = null;
    }

    [Test]
    public async Task Should_not_run_a_completed_run_again_even_on_a_restarted_worker()
    {
        _worker = await StartWorker("durable-worker", durable: true);
        var run = RunPublisher.Run(JobType, new TestPayload());
        await _publisher!.Publish(run);
        await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the run to succeed");

        await _publisher.Publish(run);
        await Marker();
        await _worker.StopQuietlyAsync();
        _worker = await StartWorker("durable-worker", durable: true);
        await _publisher.Publish(run);
        await Marker();

        Assert.Multiple(() =>
        {
            Assert.That(_state.Starts.Count(s => s.RunId == run.RunId), Is.EqualTo(1), "the handler ran once");
            Assert.That(_probe.Received<JobRunSucceeded>().Count(s => s.RunId == run.RunId), Is.EqualTo(1), "one JobRunSucceeded");
        });
    }

    [Test]
    public async Task Should_not_run_a_completed_run_again_in_the_same_process_without_a_database()
    {
        _worker = await StartWorker("memory-worker", durable: false);
        var run = RunPublisher.Run(JobType, new TestPayload());
        await _publisher!.Publish(run);
        await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the run to succeed");

        await _publisher.Publish(run);
        await Marker();

        Assert.That(_state.Starts.Count(s => s.RunId == run.RunId), Is.EqualTo(1), "the handler ran once");
    }

    [Test]
    public async Task Should_publish_the_recorded_outcome_when_the_first_worker_died_before_publishing_it()
    {
        _worker = await StartWorker("recovering-worker", durable: true);
        var run = RunPublisher.Run(JobType, new TestPayload());
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """
                insert into worker.completed_runs (run_id, replay, attempt, job_id, job_type, outcome, worker, scheduled_for, started_at, completed_at)
                values ($1, 0, 1, $2, $3, 'Succeeded', 'recovering-worker@died', $4, $4, $4)
                """, connection);
            command.Parameters.AddWithValue(run.RunId);
            command.Parameters.AddWithValue(run.JobId);
            command.Parameters.AddWithValue(JobType);
            command.Parameters.AddWithValue(run.ScheduledFor.ToUniversalTime());
            await command.ExecuteNonQueryAsync();
        }

        await _publisher!.Publish(run);

        var succeeded = await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the recorded outcome to be published");
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Worker, Is.EqualTo("recovering-worker@died"), "the outcome as the first worker recorded it");
            Assert.That(_state.Starts.Count(s => s.RunId == run.RunId), Is.Zero, "the handler did not run again");
        });
    }

    /// <summary>A run published after the duplicate, on a worker that runs one at a time from a FIFO queue: once it has
    /// succeeded, the duplicate before it has been handled.</summary>
    async Task Marker()
    {
        var marker = RunPublisher.Run(JobType, new TestPayload());
        await _publisher!.Publish(marker);
        await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == marker.RunId, Wait, "a later run to succeed");
    }

    Task<WebApplication> StartWorker(string queue, bool durable)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Queue"] = queue;
        configuration["Platform:Worker:ConcurrentRuns"] = "1";
        configuration["Platform:Worker:PrefetchCount"] = "1";
        if (durable)
            configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        return WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
    }
}
