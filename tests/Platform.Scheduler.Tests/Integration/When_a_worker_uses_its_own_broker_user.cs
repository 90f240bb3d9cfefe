using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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
    readonly string _user = $"test-worker-{Guid.NewGuid():N}";
    readonly string _password = Guid.NewGuid().ToString("N");
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    /// <summary>The worker's configure, write and read expressions, as the deployment sets them.</summary>
    static (string Configure, string Write, string Read) WorkerPermissions()
    {
        var line = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "rabbitmq-permissions.txt"))
            .Single(l => l.StartsWith("worker\t", StringComparison.Ordinal)).Split('\t');
        return (line[1], line[2], line[3]);
    }

    [OneTimeSetUp]
    public async Task StartWithARestrictedWorker()
    {
        using (var created = await Management.PutAsync(new Uri($"api/users/{_user}", UriKind.Relative),
                   JsonContent.Create(new { password = _password, tags = "" })))
            created.EnsureSuccessStatusCode();
        var (configure, write, read) = WorkerPermissions();
        using (var granted = await Management.PutAsync(new Uri($"api/permissions/{VirtualHost}/{_user}", UriKind.Relative),
                   JsonContent.Create(new { configure, write, read })))
            granted.EnsureSuccessStatusCode();

        _scheduler = await PlatformHosts.StartSchedulerAsync(PlatformConfiguration());
        var worker = PlatformConfiguration();
        worker["Platform:RabbitMq:Username"] = _user;
        worker["Platform:RabbitMq:Password"] = _password;
        _worker = await PlatformHosts.StartWorkerAsync(worker);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
        using (await Management.DeleteAsync(new Uri($"api/users/{_user}", UriKind.Relative)))
        {
        }
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
    public async Task Should_not_let_its_credentials_read_the_schedulers_queue_or_publish_commands()
    {
        var factory = new ConnectionFactory
        {
            HostName = Servers.RabbitHost,
            Port = Servers.RabbitPort,
            VirtualHost = VirtualHost,
            UserName = _user,
            Password = _password,
        };
        await using var connection = await factory.CreateConnectionAsync();

        await using (var reading = await connection.CreateChannelAsync())
        {
            var refused = Assert.ThrowsAsync<OperationInterruptedException>(() => reading.BasicGetAsync("platform-scheduler", autoAck: false));
            Assert.That(refused!.ShutdownReason?.ReplyCode, Is.EqualTo(403), "reading the scheduler's queue");
        }

        await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{ "jobId": "{{Guid.NewGuid()}}", "jobType": "platform.noop" }""");
        var denied = Assert.CatchAsync(async () =>
            await publishing.BasicPublishAsync("Platform.Contracts:ScheduleJob", "", mandatory: false, new BasicProperties(), body));
        Assert.That(denied, Is.InstanceOf<OperationInterruptedException>().Or.InstanceOf<AlreadyClosedException>()
            .Or.InstanceOf<PublishException>(), $"publishing a ScheduleJob: {denied}");
        Assert.That(publishing.CloseReason?.ReplyCode, Is.EqualTo(403), "the broker refused the publish");
    }
}
