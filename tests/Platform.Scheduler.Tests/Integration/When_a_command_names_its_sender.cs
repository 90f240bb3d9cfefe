using MassTransit;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The audit trail records who sent each command: the <c>Platform-Sender</c> header when a service acts for
/// someone (the REST API for its user), else what the transport says about the publisher.</summary>
[TestFixture]
public sealed class When_a_command_names_its_sender : PlatformFixture
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

    [Test]
    public async Task Should_record_the_header_for_an_accepted_schedule_job_and_its_duplicate()
    {
        var job = FarFuture(Guid.NewGuid());

        await Probe.Bus.Publish(job, x => x.Headers.Set(PlatformHeaders.Sender, "api:alice"));
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");
        await Probe.Bus.Publish(job, x => x.Headers.Set(PlatformHeaders.Sender, "api:bob"));
        await Eventually(async () => (await Senders(job.JobId)).Count == 2, Wait, "the duplicate to be audited");

        Assert.That(await Senders(job.JobId), Is.EqualTo(new[] { ("ScheduleJob", "api:alice"), ("ScheduleJob", "api:bob") }));
    }

    [Test]
    public async Task Should_record_the_header_for_a_rejected_command()
    {
        var jobId = Guid.NewGuid();

        await Probe.Bus.Publish(new PauseJob { JobId = jobId }, x => x.Headers.Set(PlatformHeaders.Sender, "api:carol"));
        await Probe.WaitFor<JobRejected>(r => r.JobId == jobId, Wait, "the pause of an unknown job to be rejected");

        Assert.That(await Senders(jobId), Is.EqualTo(new[] { ("PauseJob", "api:carol") }));
    }

    [Test]
    public async Task Should_cut_an_overlong_header()
    {
        var job = FarFuture(Guid.NewGuid());

        await Probe.Bus.Publish(job, x => x.Headers.Set(PlatformHeaders.Sender, new string('x', 1000)));
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");

        Assert.That(await Senders(job.JobId), Is.EqualTo(new[] { ("ScheduleJob", new string('x', PlatformHeaders.MaxSenderLength)) }));
    }

    [Test]
    public async Task Should_record_the_app_id_of_a_raw_publisher_without_the_header_for_an_accepted_job()
    {
        var jobId = Guid.NewGuid();

        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", $$"""
            { "jobId": "{{jobId}}", "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } }
            """);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == jobId, Wait, "the raw job to be accepted");

        // Accepted definitions reach the audit trail through an internal message: the sender is the original publisher's,
        // not the scheduler's own.
        Assert.That(await Senders(jobId), Is.EqualTo(new[] { ("ScheduleJob", "app:raw-json-test") }));
    }

    [Test]
    public async Task Should_record_the_publishers_message_id_for_an_accepted_schedule_job_and_its_duplicate()
    {
        var job = FarFuture(Guid.NewGuid());
        var first = NewId.NextGuid();
        var repeat = NewId.NextGuid();

        await Probe.Bus.Publish(job, x => x.MessageId = first);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");
        await Probe.Bus.Publish(job, x => x.MessageId = repeat);
        await Eventually(async () => (await MessageIds(job.JobId)).Count == 2, Wait, "the duplicate to be audited");

        // Not the ids of the internal DefineJob messages the accepted definitions reached the audit trail through.
        Assert.That(await MessageIds(job.JobId), Is.EqualTo(new Guid?[] { first, repeat }));
    }

    async Task<List<Guid?>> MessageIds(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select message_id from scheduler.audit where job_id = $1 order by id", connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid?>();
        while (await reader.ReadAsync())
            ids.Add(reader.IsDBNull(0) ? null : reader.GetGuid(0));
        return ids;
    }

    static ScheduleJob FarFuture(Guid jobId) => new()
    {
        JobId = jobId,
        JobType = "platform.noop",
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) },
    };

    async Task<List<(string Command, string? Sender)>> Senders(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select command, sender from scheduler.audit where job_id = $1 order by id", connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        return rows;
    }
}
