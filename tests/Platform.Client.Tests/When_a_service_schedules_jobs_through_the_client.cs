using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Client.Tests;

/// <summary>A service with its own MassTransit bus and <c>x.AddPlatformClient()</c>, against the real scheduler: a bad job
/// fails at once with every field error and is never sent; the awaited acceptance returns the scheduler's JobAccepted, or
/// throws its JobRejected for what only the scheduler can tell; the job commands reach the scheduler.</summary>
[TestFixture]
public sealed class When_a_service_schedules_jobs_through_the_client : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    static readonly DateTimeOffset FarFuture = new(2099, 1, 1, 6, 0, 0, TimeSpan.Zero);
    IHost? _scheduler;
    IHost? _service;
    EventProbe? _probe;

    IHost Service => _service!;

    EventProbe Probe => _probe!;

    sealed record ReportPayload(string Region, int Year);

    [OneTimeSetUp]
    public async Task StartSchedulerAndService()
    {
        _scheduler = await ClientHost.StartSchedulerAsync(PlatformConfiguration());
        _service = await ClientHost.StartServiceAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _service.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_throw_every_field_error_of_a_bad_job_and_send_nothing()
    {
        var bad = JobDefinitions.Create("reports build!", new ReportPayload("eu", 2030), JobTriggers.Cron("61 * * * *", "Mars/Olympus")) with
        {
            Priority = 12,
        };

        var rejected = Assert.ThrowsAsync<JobRejectedException>(() => Service.WithJobs(jobs => jobs.ScheduleAsync(bad)));

        Assert.Multiple(() =>
        {
            Assert.That(rejected!.ByScheduler, Is.False);
            Assert.That(rejected.JobId, Is.EqualTo(bad.JobId));
            Assert.That(rejected.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "jobType", "trigger.cron", "trigger.timeZone", "priority" }));
            Assert.That(rejected.Message, Does.Contain("trigger.timeZone"));
        });

        // A job published after the bad one is accepted and audited; the bad one would have been audited before it.
        var marker = await Service.WithJobs(jobs => jobs.ScheduleAndWaitAsync(JobDefinitions.Create("platform.noop", JobTriggers.OnceAt(FarFuture))));
        Assert.Multiple(async () =>
        {
            Assert.That(await AuditRows(marker.JobId), Is.EqualTo(1), "the marker job's audit row");
            Assert.That(await AuditRows(bad.JobId), Is.Zero, "the bad job reached the scheduler");
            Assert.That(Probe.Received<JobRejected>().Any(r => r.JobId == bad.JobId), Is.False, "the scheduler saw the bad job");
        });
    }

    [Test]
    public async Task Should_return_the_schedulers_acceptance_of_a_valid_job()
    {
        var job = JobDefinitions.Create("reports.build", new ReportPayload("eu", 2030), JobTriggers.Cron("0 6 * * *", "Europe/London",
            startAt: new DateTimeOffset(2099, 7, 1, 0, 0, 0, TimeSpan.Zero)));

        var accepted = await Service.WithJobs(jobs => jobs.ScheduleAndWaitAsync(job));

        Assert.Multiple(() =>
        {
            Assert.That(accepted.JobId, Is.EqualTo(job.JobId));
            Assert.That(accepted.Version, Is.EqualTo(1));
            // 06:00 in London in summer is 05:00 UTC.
            Assert.That(accepted.NextRunAt, Is.EqualTo(new DateTimeOffset(2099, 7, 1, 5, 0, 0, TimeSpan.Zero)));
        });
    }

    [Test]
    public async Task Should_return_the_acceptance_again_for_the_same_definition()
    {
        var job = JobDefinitions.Create("platform.noop", JobTriggers.OnceAt(FarFuture));
        await Service.WithJobs(jobs => jobs.ScheduleAndWaitAsync(job));

        var repeated = await Service.WithJobs(jobs => jobs.ScheduleAndWaitAsync(job));

        Assert.That(repeated.Version, Is.EqualTo(1), "an unchanged definition is the same version, answered again");
    }

    [Test]
    public async Task Should_throw_the_schedulers_rejection_of_what_only_the_scheduler_can_check()
    {
        var unknownParent = Guid.NewGuid();
        var job = JobDefinitions.Create("platform.noop", JobTriggers.OnceAt(FarFuture)) with { DependsOn = [unknownParent] };

        var rejected = Assert.ThrowsAsync<JobRejectedException>(() => Service.WithJobs(jobs => jobs.ScheduleAndWaitAsync(job)));

        Assert.Multiple(() =>
        {
            Assert.That(rejected!.ByScheduler, Is.True);
            Assert.That(rejected.Errors.Select(e => e.Field), Is.EqualTo(new[] { "dependsOn" }));
            Assert.That(rejected.Errors.Single().Message, Does.Contain(unknownParent.ToString()));
        });
    }

    [Test]
    public async Task Should_pause_resume_trigger_and_cancel_a_job()
    {
        var jobId = await Service.WithJobs(jobs => jobs.ScheduleAsync("platform.noop", new { note = "commands" }, JobTriggers.OnceAt(FarFuture)));
        await Probe.WaitFor<JobAccepted>(a => a.JobId == jobId, Wait, "the job to be accepted");

        await Service.WithJobs(async jobs =>
        {
            await jobs.PauseAsync(jobId, "maintenance");
            return true;
        });
        await Probe.WaitFor<JobPaused>(p => p.JobId == jobId, Wait, "the job to be paused");
        await Service.WithJobs(async jobs =>
        {
            await jobs.ResumeAsync(jobId);
            return true;
        });
        await Probe.WaitFor<JobResumed>(r => r.JobId == jobId, Wait, "the job to be resumed");
        await Service.WithJobs(async jobs =>
        {
            await jobs.TriggerNowAsync(jobId, "now please");
            return true;
        });
        var queued = await Probe.WaitFor<JobRunQueued>(q => q.JobId == jobId, Wait, "a run queued by TriggerJobNow");
        await Service.WithJobs(async jobs =>
        {
            await jobs.CancelAsync(jobId, "done with it");
            return true;
        });
        await Probe.WaitFor<JobCancelled>(c => c.JobId == jobId, Wait, "the job to be cancelled");

        Assert.That(queued.ScheduledFor, Is.LessThan(FarFuture), "the triggered run is for now, not the job's own time");
    }

    [Test]
    public void Should_throw_the_field_errors_of_a_bad_replay_and_of_a_command_without_a_job()
    {
        var replay = new ReplayJobRun { RunId = Guid.Empty, JobId = Guid.NewGuid(), JobType = "", Priority = 10 };

        var badReplay = Assert.ThrowsAsync<JobRejectedException>(() => Service.WithJobs(async jobs =>
        {
            await jobs.ReplayAsync(replay);
            return true;
        }));
        var noJob = Assert.ThrowsAsync<JobRejectedException>(() => Service.WithJobs(async jobs =>
        {
            await jobs.CancelAsync(Guid.Empty);
            return true;
        }));

        Assert.Multiple(() =>
        {
            Assert.That(badReplay!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "runId", "jobType", "priority" }));
            Assert.That(noJob!.Errors.Select(e => e.Field), Is.EqualTo(new[] { "jobId" }));
        });
    }

    async Task<long> AuditRows(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from scheduler.audit where job_id = $1", connection);
        command.Parameters.AddWithValue(jobId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
