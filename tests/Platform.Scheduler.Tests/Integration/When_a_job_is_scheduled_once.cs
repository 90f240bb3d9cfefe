using System.Text.Json;
using MassTransit;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The walking skeleton: ScheduleJob over RabbitMQ, persisted in PostgreSQL, fired by the trigger engine, run by a
/// worker, outcome recorded.</summary>
[TestFixture]
public sealed class When_a_job_is_scheduled_once : SchedulerScenario
{
    [Test]
    public async Task Should_run_within_a_second_of_run_at_and_not_before()
    {
        var runAt = TimeProvider.System.GetUtcNow().AddSeconds(3);
        var job = OnceJob(Guid.NewGuid(), runAt);

        await Probe.Bus.Publish(job);

        var accepted = await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");
        // A no-op run reports its start with its end.
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the run to succeed");
        Assert.Multiple(() =>
        {
            Assert.That(accepted.Version, Is.EqualTo(1));
            Assert.That(accepted.NextRunAt, Is.EqualTo(runAt).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(succeeded.StartedAt, Is.GreaterThanOrEqualTo(runAt), "started before runAt");
            // Precision is the benches' to measure (README "Measured"); here: an on-time start, well inside the 10 s misfire
            // threshold, with room for a shared 2-core machine.
            Assert.That(succeeded.StartedAt - runAt, Is.LessThan(TimeSpan.FromSeconds(2)), "started more than 2 s after runAt");
            Assert.That(succeeded.FiredAt, Is.GreaterThanOrEqualTo(runAt), "fired before runAt");
            Assert.That(succeeded.ScheduledFor, Is.EqualTo(runAt).Within(TimeSpan.FromMilliseconds(1)));
        });

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the once job to complete");
        var row = await QueryRun(job.JobId);
        Assert.That(row, Is.EqualTo(("Succeeded", 1)), "the run recorded in PostgreSQL");
    }

    [Test]
    public async Task Should_run_a_duplicate_schedule_job_once()
    {
        var job = OnceJob(Guid.NewGuid(), TimeProvider.System.GetUtcNow().AddSeconds(2));

        await Probe.Bus.Publish(job);
        await Probe.Bus.Publish(job);
        await Probe.Bus.Publish(job with { });

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the job to complete");
        await Session.WaitUntilQuietAsync(Wait, "the job and its duplicates");
        var runs = await CountRuns(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.EqualTo(1), "runs recorded");
            Assert.That(Session.Consumed<ExecuteJobRun>(r => r.JobId == job.JobId, by: "worker"), Has.Count.EqualTo(1), "runs delivered to the worker");
            Assert.That(Published<JobRunSucceeded>(s => s.JobId == job.JobId), Is.EqualTo(1), "JobRunSucceeded events");
            Assert.That(Published<JobCompleted>(c => c.JobId == job.JobId), Is.EqualTo(1), "JobCompleted events");
            Assert.That(Session.Consumed<JobAccepted>(a => a.JobId == job.JobId, by: "probe").Select(a => a.Message.Version).Distinct(), Is.EqualTo(new[] { 1 }),
                "a duplicate must not create a new version");
        });
    }

    [Test]
    public async Task Should_accept_raw_json_from_a_service_without_masstransit()
    {
        var jobId = Guid.NewGuid();
        var runAt = TimeProvider.System.GetUtcNow().AddSeconds(1);
        var json = $$"""
            {
              "jobId": "{{jobId}}",
              "jobType": "platform.sleep",
              "payload": { "ms": 50 },
              "trigger": { "kind": "Once", "runAt": "{{runAt:O}}" },
              "priority": 7,
              "tags": { "team": "billing" }
            }
            """;

        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", json);

        var accepted = await Probe.WaitFor<JobAccepted>(a => a.JobId == jobId, Wait, "the raw JSON job to be accepted");
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == jobId, Wait, "the raw JSON job to run");
        Assert.Multiple(() =>
        {
            Assert.That(accepted.JobType, Is.EqualTo("platform.sleep"));
            Assert.That(succeeded.StartedAt, Is.GreaterThanOrEqualTo(runAt));
        });
    }

    [Test]
    public async Task Should_reject_bad_fields_listing_each_and_never_run()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "",
            Trigger = new JobTrigger { Kind = TriggerKind.Once },
            Priority = 12,
            Retry = new RetryPolicy { MaxAttempts = 0 },
            Timeout = TimeSpan.FromSeconds(-1),
        };

        await Probe.Bus.Publish(job);

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the job to be rejected");
        var fault = await Probe.WaitFor<Fault<ScheduleJob>>(f => f.Message.JobId == job.JobId, Wait, "the Fault that goes with the rejection");
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Select(e => e.Field),
                Is.EquivalentTo(new[] { "jobType", "trigger.runAt", "priority", "retry.maxAttempts", "timeout" }));
            Assert.That(rejected.Errors.All(e => e.Message.Length > 0), Is.True, "every error says what is wrong");
            Assert.That(fault.Exceptions.Single().Message, Does.Contain("priority"));
        });

        await Session.WaitUntilQuietAsync(Wait, "the rejection");
        Assert.Multiple(async () =>
        {
            Assert.That(Published<JobRejected>(r => r.JobId == job.JobId), Is.EqualTo(1), "JobRejected events");
            Assert.That(Published<JobRunQueued>(q => q.JobId == job.JobId), Is.Zero, "the rejected job was queued");
            Assert.That(Session.Consumed<ExecuteJobRun>(r => r.JobId == job.JobId), Is.Empty, "a run of the rejected job reached a worker");
            Assert.That(await CountRuns(job.JobId), Is.Zero, "runs of the rejected job");
            Assert.That(await CountJobs(job.JobId), Is.Zero, "the rejected job was stored");
            Assert.That(await AuditOutcome(job.JobId), Is.EqualTo((false, "ScheduleJob")), "the audit trail records the rejection");
        });
    }

    [Test]
    public async Task Should_move_an_undeserialisable_message_to_the_error_queue_and_keep_working()
    {
        var jobId = Guid.NewGuid();
        // "priority" must be a number: this cannot become a ScheduleJob.
        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", $$"""{ "jobId": "{{jobId}}", "jobType": "platform.noop", "priority": "high" }""");
        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", "{ this is not json");

        await Eventually(async () => (await PeekQueueAsync("platform-scheduler_error")).Count >= 2, Wait,
            "both poison messages to land in platform-scheduler_error");
        var poisoned = await PeekQueueAsync("platform-scheduler_error");
        Assert.That(poisoned.Select(m => m.GetProperty("payload").GetString()), Has.Some.Contains(jobId.ToString()),
            "the operator can see the original message in the error queue");
        Assert.That(poisoned.Select(m => m.GetProperty("properties").GetProperty("headers").GetProperty("MT-Fault-Message").GetString()),
            Has.All.Not.Empty, "each poison message carries the reason");

        var next = OnceJob(Guid.NewGuid(), TimeProvider.System.GetUtcNow());
        await Probe.Bus.Publish(next);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == next.JobId, Wait, "a valid job after the poison messages to run");
    }

    static ScheduleJob OnceJob(Guid jobId, DateTimeOffset runAt) => new()
    {
        JobId = jobId,
        JobType = "platform.noop",
        Payload = JsonSerializer.SerializeToElement(new { note = "integration" }),
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = runAt },
    };

    async Task<T> Scalar<T>(string sql, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(jobId);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    Task<long> CountRuns(Guid jobId) => Scalar<long>("select count(*) from scheduler.run_state where job_id = $1", jobId);

    Task<long> CountJobs(Guid jobId) => Scalar<long>("select count(*) from scheduler.job_state where correlation_id = $1", jobId);

    async Task<(string Status, int Attempt)> QueryRun(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select current_state, attempt from scheduler.run_state where job_id = $1", connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "no run row");
        return (reader.GetString(0), reader.GetInt32(1));
    }

    async Task<(bool Accepted, string Command)> AuditOutcome(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select accepted, command from scheduler.audit where job_id = $1", connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "no audit row");
        return (reader.GetBoolean(0), reader.GetString(1));
    }
}
