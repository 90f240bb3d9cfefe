using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Free text in a command (a reason) is recorded as text whatever it looks like; a NUL character, which
/// PostgreSQL cannot store, neither fails the command nor parks it in an error queue.</summary>
[TestFixture]
public sealed class When_a_command_carries_unusual_text : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    IHost? _scheduler;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartScheduler()
    {
        _scheduler = await PlatformHosts.StartSchedulerAsync(PlatformConfiguration());
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopScheduler()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [TestCase("[ops] freeze", "[ops] freeze")]
    [TestCase("{not json", "{not json")]
    [TestCase("{\"looks\": \"like json\"}", "{\"looks\": \"like json\"}")]
    [TestCase("nul\0inside", "nul\uFFFDinside")]
    public async Task Should_pause_the_job_and_record_the_reason_as_text(string reason, string recorded)
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.noop",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        };
        await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");

        await Probe.Bus.Publish(new PauseJob { JobId = job.JobId, Reason = reason });
        await Probe.WaitFor<JobPaused>(p => p.JobId == job.JobId, Wait, $"the job to be paused with reason {reason}");

        Assert.Multiple(async () =>
        {
            Assert.That(await Scalar<string>("select current_state from scheduler.job_state where correlation_id = $1", job.JobId), Is.EqualTo("Paused"));
            Assert.That(await Scalar<string>("select outcome #>> '{}' from scheduler.audit where job_id = $1 and command = 'PauseJob'", job.JobId),
                Is.EqualTo(recorded));
        });
    }

    [Test]
    public async Task Should_reject_an_external_event_whose_type_holds_a_nul_naming_the_field()
    {
        var eventType = $"file{Guid.NewGuid():N}\0.arrived";

        await Probe.Bus.Publish(new ExternalEvent { EventType = eventType });

        await Eventually(async () => await Scalar<long>("select count(*) from scheduler.audit where command = 'ExternalEvent' and not accepted", null) >= 1,
            Wait, "the event to be rejected in the audit trail");
        Assert.That(await Scalar<string>("select outcome::text from scheduler.audit where command = 'ExternalEvent' and not accepted", null),
            Does.Contain("\"field\": \"eventType\"").And.Contain("NUL"));
    }

    async Task<T> Scalar<T>(string sql, Guid? jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (jobId is { } id)
            command.Parameters.AddWithValue(id);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
