using MassTransit;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Bulk intake (<see cref="ScheduleJobs"/>): each job of the message is taken in on its own, accepted or
/// rejected with its own event and audit row, as if it had come alone; a message without jobs is rejected whole.</summary>
[TestFixture]
public sealed class When_jobs_are_scheduled_in_bulk : SchedulerScenario
{
    [Test]
    public async Task Should_accept_or_reject_each_job_on_its_own_and_run_the_accepted_ones()
    {
        var first = Job(Once(Now.AddSeconds(1)));
        var second = Job(Once(Now.AddSeconds(1)));
        var bad = Job(Once(Now)) with { JobType = "not a type!", Priority = 12 };
        var messageId = NewId.NextGuid();

        await Probe.Bus.Publish(new ScheduleJobs { Jobs = [first, bad, second] }, x => x.MessageId = messageId);

        await Probe.WaitFor<JobAccepted>(a => a.JobId == first.JobId, Wait, "the first job to be accepted");
        await Probe.WaitFor<JobAccepted>(a => a.JobId == second.JobId, Wait, "the second job to be accepted");
        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == bad.JobId, Wait, "the bad job to be rejected");
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == first.JobId, Wait, "the first job's run");
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == second.JobId, Wait, "the second job's run");
        var audited = await AuditAsync(messageId);
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "jobType", "priority" }));
            Assert.That(Probe.Received<JobAccepted>().Where(a => a.JobId == bad.JobId), Is.Empty, "the bad job is not accepted");
            Assert.That(audited, Is.EquivalentTo(new[] { (first.JobId, true), (bad.JobId, false), (second.JobId, true) }),
                "one audit row per job, each with the bulk message's id");
        });
    }

    [Test]
    public async Task Should_reject_a_message_without_jobs()
    {
        var messageId = NewId.NextGuid();

        await Probe.Bus.Publish(new ScheduleJobs { Jobs = [] }, x => x.MessageId = messageId);

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == Guid.Empty && r.Errors.Any(e => e.Field == "jobs"), Wait, "the rejection");
        Assert.Multiple(async () =>
        {
            Assert.That(rejected.Errors.Single().Message, Does.Contain("1-1000"));
            Assert.That(await AuditAsync(messageId), Is.EqualTo(new[] { (Guid.Empty, false) }));
        });
    }

    async Task<List<(Guid JobId, bool Accepted)>> AuditAsync(Guid messageId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select coalesce(job_id, '00000000-0000-0000-0000-000000000000'::uuid), accepted from scheduler.audit where message_id = $1", connection);
        command.Parameters.AddWithValue(messageId);
        var rows = new List<(Guid, bool)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetGuid(0), reader.GetBoolean(1)));
        return rows;
    }
}
