using System.Text.Json;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>ReplayJobRun through the run machine and the worker that kept the dead letter: the run starts over and
/// succeeds; the command is audited, accepted or rejected (a run that ended without giving up, an unknown run).</summary>
[TestFixture]
public sealed class When_a_dead_lettered_run_is_replayed : SchedulerScenario
{
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
        // The worker holding the dead letter and the run machine consume the command side by side: the re-run can finish
        // before the run machine has recorded the replay.
        await Eventually(async () => (await AuditAsync(job.JobId, nameof(ReplayJobRun))).Count > 0, Wait, "the replay to be audited");
        var audit = await AuditAsync(job.JobId, nameof(ReplayJobRun));
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Attempt, Is.EqualTo(1), "a replay starts over at attempt 1");
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit.Single().Accepted, Is.True);
            Assert.That(audit.Single().Outcome, Does.Contain("fixed upstream"));
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
