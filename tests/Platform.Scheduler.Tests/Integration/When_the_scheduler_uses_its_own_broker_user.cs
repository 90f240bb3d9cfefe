using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// Least privilege on the broker (issue 15): the scheduler whose RabbitMQ user has only the permissions of
/// deploy/rabbitmq/permissions.txt (configure and write anywhere in the virtual host, read only its own queues and the
/// exchanges they bind to) schedules, fires, retries through its message scheduler, runs on an event and replays; with
/// the same credentials nothing can read a worker's queue.
/// </summary>
[TestFixture]
public sealed class When_the_scheduler_uses_its_own_broker_user : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    DeployedBrokerUser? _user;
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartTheSchedulerWithItsOwnUser()
    {
        _user = await DeployedBrokerUser.CreateAsync(Management, Servers, VirtualHost, "scheduler");
        _scheduler = await PlatformHosts.StartSchedulerAsync(_user.Apply(PlatformConfiguration()));
        _worker = await PlatformHosts.StartWorkerAsync(PlatformConfiguration());
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
    public async Task Should_fire_retry_run_on_an_event_and_replay_with_only_its_permissions()
    {
        var now = TimeProvider.System.GetUtcNow();
        var retried = Job("platform.fail", new { failTimes = 1 }, new JobTrigger { Kind = TriggerKind.Once, RunAt = now }, attempts: 2);
        var deadLettered = Job("platform.fail", new { failTimes = 5 }, new JobTrigger { Kind = TriggerKind.Once, RunAt = now }, attempts: 1);
        var onEvent = Job("platform.noop", new { }, new JobTrigger { Kind = TriggerKind.Event, EventType = "test.invoice-arrived" }, attempts: 1);
        foreach (var job in new[] { retried, deadLettered, onEvent })
            await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == onEvent.JobId, Wait, "the event job to be accepted");
        await Probe.Bus.Publish(new ExternalEvent { EventType = "test.invoice-arrived", OccurredAt = TimeProvider.System.GetUtcNow() });

        var retry = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == retried.JobId, Wait, "the failing job's retry, sent by the message scheduler, to succeed");
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == onEvent.JobId, Wait, "the event to run its job");
        var dead = await Probe.WaitFor<JobRunDeadLettered>(d => d.JobId == deadLettered.JobId, Wait, "the other job to be dead-lettered");
        await Probe.Bus.Publish(new ReplayJobRun
        {
            RunId = dead.RunId, JobId = dead.JobId, JobType = "platform.fail", Reason = "fixed", Replay = 0,
            Payload = JsonSerializer.SerializeToElement(new { failTimes = 0 }),
        });
        var replayed = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == dead.RunId, Wait, "the replay, dispatched by the scheduler, to succeed");
        Assert.Multiple(() =>
        {
            Assert.That(retry.Attempt, Is.EqualTo(2));
            Assert.That(replayed.Replay, Is.EqualTo(1));
        });
    }

    [Test]
    public Task Should_not_let_its_credentials_read_a_workers_queue() => _user!.AssertReadRefusedAsync("platform-worker");

    static ScheduleJob Job(string jobType, object payload, JobTrigger trigger, int attempts) => new()
    {
        JobId = Guid.NewGuid(),
        JobType = jobType,
        Payload = JsonSerializer.SerializeToElement(payload),
        Trigger = trigger,
        Retry = new RetryPolicy { MaxAttempts = attempts, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Jitter = false },
    };
}
