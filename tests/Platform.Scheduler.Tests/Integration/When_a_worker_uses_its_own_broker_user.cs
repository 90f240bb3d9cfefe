using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// Least privilege on the broker (issue 15): a worker whose RabbitMQ user has only the permissions of
/// deploy/rabbitmq/permissions.txt (the same lines deploy/local/servers.sh gives platform-worker) runs jobs, retries
/// them through the message scheduler and announces itself; with the same credentials nothing can read the scheduler's
/// queue or publish a command the worker has no business sending.
/// </summary>
[TestFixture]
public sealed class When_a_worker_uses_its_own_broker_user : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    DeployedBrokerUser? _user;
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartWithARestrictedWorker()
    {
        _user = await DeployedBrokerUser.CreateAsync(Management, Servers, VirtualHost, "worker");
        _scheduler = await PlatformHosts.StartSchedulerAsync(PlatformConfiguration());
        _worker = await PlatformHosts.StartWorkerAsync(_user.Apply(PlatformConfiguration()));
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
        if (_user is not null)
            await _user.DeleteAsync();
    }

    [Test]
    public async Task Should_run_and_retry_jobs_and_announce_itself_with_only_its_permissions()
    {
        var runs = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.fail",
            Payload = System.Text.Json.JsonSerializer.SerializeToElement(new { failTimes = 1 }),
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
            Retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(200) },
        };

        await Probe.Bus.Publish(runs);

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == runs.JobId, Wait, "the job to succeed on the restricted worker");
        var announced = await Probe.WaitFor<WorkerAnnounced>(_ => true, Wait, "the restricted worker to announce itself");
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Attempt, Is.EqualTo(2), "failed once, retried through the message scheduler");
            Assert.That(announced.JobTypes, Does.Contain("platform.fail"));
        });
    }

    [Test]
    public Task Should_not_let_its_credentials_read_the_schedulers_queue_or_publish_commands() =>
        _user!.AssertRefusedAsync("platform-scheduler", "Platform.Contracts:ScheduleJob", "",
            $$"""{ "jobId": "{{Guid.NewGuid()}}", "jobType": "platform.noop" }""", "publishing a ScheduleJob");
}
