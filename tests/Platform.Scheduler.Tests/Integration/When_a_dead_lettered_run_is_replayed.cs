using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>ReplayJobRun through the run machine, which alone decides and dispatches the replay to the workers: the run
/// starts over and succeeds; a replay that arrives before the dead letter is held and carried out once, or dropped when
/// the run succeeds; a replay sent twice replays once; the command is audited, accepted, held or rejected (a run that
/// ended without giving up, an unknown run).</summary>
[TestFixture]
public sealed class When_a_dead_lettered_run_is_replayed : SchedulerScenario
{
    readonly RunGates _gates = new();

    protected override void Handlers(PlatformWorkerBuilder worker) =>
        worker.AddBuiltInHandlers().AddHandler<GatedJobHandler>(GatedJobHandler.JobType);

    protected override void ConfigureWorkerHost(HostApplicationBuilder builder) => builder.Services.AddSingleton(_gates);

    [Test]
    public async Task Should_run_it_again_and_audit_the_replay()
    {
        var job = Job(Once(Now), "platform.fail", new { failTimes = 5 }) with { Retry = new RetryPolicy { MaxAttempts = 1 } };
        await ScheduleAsync(job);
        var deadLettered = await Probe.WaitFor<JobRunDeadLettered>(d => d.JobId == job.JobId, Wait, "the run to dead-letter");
        // As an operator does: replay once the scheduler shows the run dead-lettered (the worker's report reaches this
        // probe before the run machine has necessarily consumed it).
        await Eventually(async () => (await RunsAsync(job.JobId)).Single().State == "DeadLettered", Wait, "the run machine to record the dead letter");

        await Probe.Bus.Publish(Replay(deadLettered, "fixed upstream", new { failTimes = 0 }));

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == deadLettered.RunId, Wait, "the replayed run to succeed");
        await Session.WaitUntilQuietAsync(Wait, "the replay to settle");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        var run = (await RunsAsync(job.JobId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That((succeeded.Attempt, succeeded.Replay), Is.EqualTo((1, 1)), "a replay starts over at attempt 1 of replay 1");
            Assert.That((run.State, run.Replay), Is.EqualTo(("Succeeded", 1)));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit.Single().Accepted, Is.True);
            Assert.That(audit.Single().Outcome, Does.Contain("replay 1").And.Contain("fixed upstream"));
        });
    }

    [Test]
    public async Task Should_hold_a_replay_that_arrives_before_the_dead_letter_and_carry_it_out_once()
    {
        var job = Job(Once(Now), GatedJobHandler.JobType) with { Retry = new RetryPolicy { MaxAttempts = 1 } };
        await ScheduleAsync(job);
        var runId = await _gates.EnteredAsync(job.JobId, Wait);

        // Sent while the attempt is still in the handler, as a replay sent the moment the worker reports the dead letter
        // can reach the run machine before that report does.
        await Probe.Bus.Publish(new ReplayJobRun { RunId = runId, JobId = job.JobId, JobType = job.JobType, Reason = "fixed upstream", Replay = 0 });
        await Eventually(async () => (await AuditAsync(job.JobId, nameof(ReplayJobRun))).Count == 1, Wait, "the replay to be audited as held");
        _gates.Succeed(runId, replay: 1);
        _gates.Fail(runId, replay: 0);

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == runId, Wait, "the held replay to run and succeed");
        await Session.WaitUntilQuietAsync(Wait, "the replay to settle");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        var run = (await RunsAsync(job.JobId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Replay, Is.EqualTo(1));
            Assert.That((run.State, run.Replay), Is.EqualTo(("Succeeded", 1)), "the run's row follows the replay to its end");
            Assert.That((_gates.Entries(runId, 0), _gates.Entries(runId, 1)), Is.EqualTo((1, 1)), "the run, then its replay, each once");
            Assert.That(Published<JobRunDeadLettered>(d => d.RunId == runId), Is.EqualTo(1));
            Assert.That(Published<JobRunSucceeded>(s => s.RunId == runId), Is.EqualTo(1));
            Assert.That(audit.Select(a => a.Accepted), Is.EqualTo(new[] { true, true }));
            Assert.That(audit[0].Outcome, Does.Contain("held"));
            Assert.That(audit[1].Outcome, Does.Contain("replay 1").And.Contain("fixed upstream"));
        });
    }

    [Test]
    public async Task Should_drop_a_held_replay_when_the_run_succeeds()
    {
        var job = Job(Once(Now), GatedJobHandler.JobType) with { Retry = new RetryPolicy { MaxAttempts = 1 } };
        await ScheduleAsync(job);
        var runId = await _gates.EnteredAsync(job.JobId, Wait);

        await Probe.Bus.Publish(new ReplayJobRun { RunId = runId, JobId = job.JobId, JobType = job.JobType, Reason = "just in case" });
        await Eventually(async () => (await AuditAsync(job.JobId, nameof(ReplayJobRun))).Count == 1, Wait, "the replay to be audited as held");
        _gates.Succeed(runId, replay: 0);

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the held replay to be dropped");
        await Session.WaitUntilQuietAsync(Wait, "the run to settle");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        var run = (await RunsAsync(job.JobId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Single().Message, Does.Contain("without giving up"));
            Assert.That((run.State, run.Replay), Is.EqualTo(("Succeeded", 0)));
            Assert.That(_gates.Entries(runId, 1), Is.Zero, "no replay ran");
            Assert.That(audit.Select(a => a.Accepted), Is.EqualTo(new[] { true, false }), "held, then dropped");
        });
    }

    [Test]
    public async Task Should_replay_once_when_the_same_replay_is_sent_twice()
    {
        var job = Job(Once(Now), "platform.fail", new { failTimes = 5 }) with { Retry = new RetryPolicy { MaxAttempts = 1 } };
        await ScheduleAsync(job);
        var deadLettered = await Probe.WaitFor<JobRunDeadLettered>(d => d.JobId == job.JobId, Wait, "the run to dead-letter");
        await Eventually(async () => (await RunsAsync(job.JobId)).Single().State == "DeadLettered", Wait, "the run machine to record the dead letter");

        // Two operators (or one double click) replaying what they both saw: replay 0 of the run.
        var replay = Replay(deadLettered, "fixed upstream", new { failTimes = 0 }) with { Replay = 0 };
        await Probe.Bus.Publish(replay);
        await Probe.Bus.Publish(replay);

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the second replay to be rejected");
        await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == deadLettered.RunId, Wait, "the replay to succeed");
        await Session.WaitUntilQuietAsync(Wait, "the replay to settle");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Single().Field, Is.EqualTo("replay"));
            Assert.That(rejected.Errors.Single().Message, Does.Contain("already replayed"));
            Assert.That(Published<JobRunSucceeded>(s => s.RunId == deadLettered.RunId), Is.EqualTo(1), "replayed once");
            Assert.That(audit.Select(a => a.Accepted), Is.EqualTo(new[] { true, false }));
        });
    }

    [Test]
    public async Task Should_reject_and_audit_the_replay_of_a_run_that_succeeded()
    {
        var job = Job(Once(Now));
        await ScheduleAsync(job);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the run to succeed");
        await Eventually(async () => (await RunsAsync(job.JobId)).Single().State == "Succeeded", Wait, "the run machine to record the success");

        await Probe.Bus.Publish(new ReplayJobRun { RunId = succeeded.RunId, JobId = job.JobId, JobType = job.JobType, Reason = "by mistake" });

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the replay to be rejected");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Single().Field, Is.EqualTo("runId"));
            Assert.That(rejected.Errors.Single().Message, Does.Contain("Succeeded"));
            Assert.That(audit.Select(a => a.Accepted), Is.EqualTo(new[] { false }));
        });
    }

    [Test]
    public async Task Should_reject_and_audit_the_replay_of_an_unknown_run()
    {
        var jobId = Guid.NewGuid();
        var runId = Guid.NewGuid();

        await Probe.Bus.Publish(new ReplayJobRun { RunId = runId, JobId = jobId, JobType = "platform.noop", Reason = "typo" });

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == jobId, Wait, "the replay to be rejected");
        var audit = await AuditAsync(jobId, nameof(ReplayJobRun));
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Single().Message, Does.Contain(runId.ToString()));
            Assert.That(audit.Select(a => a.Accepted), Is.EqualTo(new[] { false }));
        });
    }

    static ReplayJobRun Replay(JobRunDeadLettered run, string reason, object payload) => new()
    {
        RunId = run.RunId,
        JobId = run.JobId,
        JobType = "platform.fail",
        Reason = reason,
        Payload = JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web),
    };

    async Task<List<(bool Accepted, string Outcome)>> AuditAsync(Guid jobId, string command)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var sql = new NpgsqlCommand("select accepted, outcome from scheduler.audit where job_id = $1 and command = $2 order by id", connection);
        sql.Parameters.AddWithValue(jobId);
        sql.Parameters.AddWithValue(command);
        await using var reader = await sql.ExecuteReaderAsync();
        var rows = new List<(bool, string)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetBoolean(0), reader.GetString(1)));
        return rows;
    }
}
