using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>End to end: CancelJob for a job whose run is running reaches the worker (the handler's token is cancelled),
/// the worker reports JobRunCancelled, and the run ends as Cancelled in the scheduler's state.</summary>
[TestFixture]
public sealed class When_a_running_job_is_cancelled : PlatformFixture
{
    const string Reason = "no longer needed";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly CancelledRuns _cancelled = new();
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _scheduler = await PlatformHosts.StartSchedulerAsync(PlatformConfiguration());
        var worker = PlatformConfiguration();
        worker["Platform:Worker:ConnectionString"] = ConnectionString;
        _worker = await PlatformHosts.StartAsync(worker, builder =>
        {
            builder.Services.AddSingleton(_cancelled);
            builder.AddWorker(w => w.AddHandler<UntilCancelledJobHandler>(UntilCancelledJobHandler.JobType));
        });
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopPlatform()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_cancel_the_handler_and_end_the_run_as_cancelled()
    {
        // Started with TriggerJobNow: the run starts at once and the test does not depend on the trigger engine.
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = UntilCancelledJobHandler.JobType,
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow().AddHours(1) },
        };
        await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");
        await Probe.Bus.Publish(new TriggerJobNow { JobId = job.JobId, Reason = "start the slow run" });
        var started = await Probe.WaitFor<JobRunStarted>(s => s.JobId == job.JobId, Wait, "the run to start");
        // The scheduler has heard the run started: the cancellation takes the running path (the worker must stop it).
        await Eventually(async () => await RunState(started.RunId) == "Running", Wait, "the run's state to be Running");

        await Probe.Bus.Publish(new CancelJob { JobId = job.JobId, Reason = Reason });

        await Probe.WaitFor<JobCancelled>(c => c.JobId == job.JobId, Wait, "the job to be cancelled");
        var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == started.RunId, Wait, "the worker to report the run cancelled");
        await _cancelled.WaitFor(started.RunId, Wait);
        await Eventually(async () => await RunState(started.RunId) == "Cancelled", Wait, "the run's state to be Cancelled");

        var (error, finishedAt) = await RunEnd(started.RunId);
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Worker, Is.EqualTo(started.Worker), "the worker that ran it stopped it");
            Assert.That(cancelled.StartedAt, Is.EqualTo(started.StartedAt));
            Assert.That(cancelled.Reason, Is.EqualTo(Reason));
            Assert.That(error, Is.EqualTo(Reason), "the run's history says why it ended");
            Assert.That(finishedAt, Is.Not.Null);
            Assert.That(Probe.Received<JobRunCancelled>().Count(c => c.RunId == started.RunId), Is.EqualTo(1), "reported once, by the worker");
            Assert.That(Probe.Received<JobRunSucceeded>().Where(s => s.RunId == started.RunId), Is.Empty);
            Assert.That(Probe.Received<JobRunFailed>().Where(f => f.RunId == started.RunId), Is.Empty);
        });
    }

    async Task<string?> RunState(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_state from scheduler.run_state where correlation_id = $1", connection);
        command.Parameters.AddWithValue(runId);
        return (string?)await command.ExecuteScalarAsync();
    }

    async Task<(string? Error, DateTime? FinishedAt)> RunEnd(Guid runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select error, finished_at from scheduler.run_state where correlation_id = $1", connection);
        command.Parameters.AddWithValue(runId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "no run row");
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDateTime(1));
    }
}
