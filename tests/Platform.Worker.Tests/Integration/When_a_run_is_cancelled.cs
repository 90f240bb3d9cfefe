using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>CancelJobRun reaches the worker: a running handler's token is cancelled and the attempt ends as cancelled (no
/// failure, no retry, no dead letter, recorded so a redelivery does not run it); a run cancelled before it was delivered,
/// or while its retry waited on the message scheduler, never starts.</summary>
[TestFixture]
public sealed class When_a_run_is_cancelled : PlatformFixture
{
    const string JobType = "test.cancellable";
    const string Reason = "the operator cancelled the job";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    IHost? _scheduler;
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    RunPublisher Publisher => _publisher!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        // The scheduler serves the message scheduler that retries go through.
        _scheduler = await WorkerHosts.StartSchedulerAsync(PlatformConfiguration());
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopPlatform()
    {
        await _worker.StopQuietlyAsync();
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [TearDown]
    public async Task StopWorker()
    {
        await _worker.StopQuietlyAsync();
        _worker = null;
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Should_cancel_the_handler_of_a_running_run_and_end_it_as_cancelled(bool durable)
    {
        _worker = await StartWorker(durable ? "cancel-durable" : "cancel-memory", durable);
        var retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1), Jitter = false };
        var run = RunPublisher.Run(JobType, new TestPayload { Gate = $"never-{Guid.NewGuid()}" }, retry: retry);
        await Publisher.Publish(run);
        var started = await Probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "the run to start");

        await Probe.Bus.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.RunId, Reason = Reason });

        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "the worker to report the run cancelled");
        await Eventually(() => Task.FromResult(_state.Cancelled.Contains(run.RunId)), Wait, "the handler to see its token cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.JobId, Is.EqualTo(run.JobId));
            Assert.That(cancelled.Attempt, Is.EqualTo(1));
            Assert.That(cancelled.ScheduledFor, Is.EqualTo(run.ScheduledFor));
            Assert.That(cancelled.Worker, Is.EqualTo(started.Worker), "the worker that ran it stopped it");
            Assert.That(cancelled.StartedAt, Is.EqualTo(started.StartedAt));
            Assert.That(cancelled.FinishedAt, Is.GreaterThanOrEqualTo(started.StartedAt!.Value));
            Assert.That(cancelled.Reason, Is.EqualTo(Reason));
        });

        // The same attempt delivered again is acknowledged without running; a later run on this one-at-a-time worker has
        // run once it is handled.
        await Publisher.Publish(run);
        await Marker();

        if (durable)
            Assert.That(await RecordedOutcome(run.RunId), Is.EqualTo(("Cancelled", Reason, (DateTime?)null)), "the ledger records the attempt as cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(_state.Starts.Count(s => s.RunId == run.RunId), Is.EqualTo(1), "the handler ran once: no retry, the redelivery was not run");
            Assert.That(Probe.Received<JobRunCancelled>().Count(c => c.RunId == run.RunId), Is.EqualTo(1), "JobRunCancelled published exactly once");
            Assert.That(Probe.Received<JobRunStarted>().Count(s => s.RunId == run.RunId), Is.EqualTo(1), "no other attempt started");
            Assert.That(Probe.Received<JobRunFailed>().Where(f => f.RunId == run.RunId), Is.Empty, "a cancelled attempt is not a failure");
            Assert.That(Probe.Received<JobRunDeadLettered>().Where(d => d.RunId == run.RunId), Is.Empty, "a cancelled run is not dead-lettered");
            Assert.That(Probe.Received<JobRunSucceeded>().Where(s => s.RunId == run.RunId), Is.Empty);
        });
    }

    [Test]
    public async Task Should_not_start_a_run_cancelled_before_it_was_delivered()
    {
        _worker = await StartWorker("cancel-early", durable: true);
        var run = RunPublisher.Run(JobType, new TestPayload());

        await Probe.Bus.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.RunId, Reason = Reason });
        await Eventually(async () => await CancellationRecorded(run.RunId), Wait, "the worker to record the cancellation in worker.cancelled_runs");
        await Publisher.Publish(run);

        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "the worker to report the run cancelled");
        await Marker();
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.StartedAt, Is.Null, "it never started");
            Assert.That(cancelled.Worker, Is.Empty, "no worker stopped it");
            Assert.That(cancelled.Attempt, Is.EqualTo(1));
            Assert.That(cancelled.Reason, Is.EqualTo(Reason));
            Assert.That(_state.Starts.Where(s => s.RunId == run.RunId), Is.Empty, "the handler never ran");
            Assert.That(Probe.Received<JobRunStarted>().Where(s => s.RunId == run.RunId), Is.Empty, "no JobRunStarted");
        });
    }

    [Test]
    public async Task Should_not_start_the_retry_of_a_run_cancelled_while_its_retry_waited()
    {
        _worker = await StartWorker("cancel-retry", durable: true);
        var retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(4), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(4), Jitter = false };
        var run = RunPublisher.Run(JobType, new TestPayload { FailTimes = 1 }, retry: retry);
        await Publisher.Publish(run);
        await Probe.WaitFor<JobRunFailed>(f => f.RunId == run.RunId && f.WillRetry, Wait, "the first attempt to fail with a retry scheduled");

        await Probe.Bus.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.RunId, Reason = Reason });

        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "the retry to be dropped as cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Attempt, Is.EqualTo(2), "the scheduled retry arrived and was not started");
            Assert.That(cancelled.StartedAt, Is.Null);
            Assert.That(_state.Starts.Where(s => s.RunId == run.RunId).Select(s => s.Attempt), Is.EqualTo(new[] { 1 }), "only the first attempt ran");
            Assert.That(Probe.Received<JobRunStarted>().Where(s => s.RunId == run.RunId && s.Attempt == 2), Is.Empty, "no start reported for attempt 2");
        });
    }

    [Test]
    public async Task Should_end_the_run_as_cancelled_after_the_grace_period_and_abandon_a_handler_that_ignores_its_token()
    {
        var grace = TimeSpan.FromSeconds(1);
        _worker = await StartWorker("cancel-ignored", durable: true, ("CancellationGracePeriod", grace.ToString()));
        var run = RunPublisher.Run(JobType, new TestPayload { Ms = 120_000, IgnoreCancellation = true });
        await Publisher.Publish(run);
        await Probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "the run to start");

        var cancelledAt = TimeProvider.System.GetUtcNow();
        await Probe.Bus.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.RunId, Reason = Reason });

        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "the worker to report the run cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(_state.Ends.Where(e => e.RunId == run.RunId), Is.Empty, "reported while the abandoned handler still runs");
            Assert.That(cancelled.FinishedAt - cancelledAt, Is.GreaterThanOrEqualTo(grace), "the handler was given the grace period to end");
            Assert.That(Probe.Received<JobRunFailed>().Where(f => f.RunId == run.RunId), Is.Empty);
        });

        // The abandoned handler holds no slot: the next run on this one-at-a-time worker runs.
        await Marker();
    }

    [Test]
    public async Task Should_cancel_a_running_run_at_its_next_heartbeat_when_the_broadcast_did_not_reach_its_worker()
    {
        _worker = await StartWorker("cancel-missed", durable: true, ("HeartbeatInterval", "00:00:00.500"));
        var run = RunPublisher.Run(JobType, new TestPayload { Gate = $"never-{Guid.NewGuid()}" });
        await Publisher.Publish(run);
        var started = await Probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "the run to start");

        // Recorded by another process of the service; this one never received the CancelJobRun.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "insert into worker.cancelled_runs (run_id, job_id, reason, cancelled_at) values ($1, $2, $3, now())", connection);
            command.Parameters.AddWithValue(run.RunId);
            command.Parameters.AddWithValue(run.JobId);
            command.Parameters.AddWithValue(Reason);
            await command.ExecuteNonQueryAsync();
        }

        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "the worker to notice the cancellation and stop the run");
        await Eventually(() => Task.FromResult(_state.Cancelled.Contains(run.RunId)), Wait, "the handler to see its token cancelled");
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Worker, Is.EqualTo(started.Worker));
            Assert.That(cancelled.StartedAt, Is.EqualTo(started.StartedAt));
            Assert.That(cancelled.Reason, Is.EqualTo(Reason));
        });
    }

    /// <summary>A run published after the others, on a worker that runs one at a time from a FIFO queue: once it has
    /// succeeded, everything published before it has been handled.</summary>
    async Task Marker()
    {
        var marker = RunPublisher.Run(JobType, new TestPayload());
        await Publisher.Publish(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == marker.RunId, Wait, "a later run to succeed");
    }

    Task<WebApplication> StartWorker(string queue, bool durable, params (string Key, string Value)[] settings)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Queue"] = queue;
        configuration["Platform:Worker:ConcurrentRuns"] = "1";
        configuration["Platform:Worker:PrefetchCount"] = "1";
        configuration["Platform:Worker:CircuitBreaker:Enabled"] = "false";
        if (durable)
            configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        foreach (var (key, value) in settings)
            configuration[$"Platform:Worker:{key}"] = value;
        return WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
    }

    async Task<bool> CancellationRecorded(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from worker.cancelled_runs where run_id = $1", connection);
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    async Task<(string Outcome, string? Error, DateTime? NextAttemptAt)> RecordedOutcome(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select outcome, error, next_attempt_at from worker.completed_runs where run_id = $1", connection);
        command.Parameters.AddWithValue(runId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "no outcome recorded");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2));
    }
}
