using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A broker given as cluster nodes (<c>Platform:RabbitMq:Nodes</c>): the scheduler and a worker whose first
/// node does not answer connect through the next one and run a job (the host and port alone point nowhere).</summary>
[TestFixture]
public sealed class When_services_connect_to_broker_nodes : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    IHost? _scheduler;
    IHost? _worker;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task StartOnNodes()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:RabbitMq:Port"] = "1";
        configuration["Platform:RabbitMq:Nodes:0"] = "127.0.0.1:1";
        configuration["Platform:RabbitMq:Nodes:1"] = $"{Servers.RabbitHost}:{Servers.RabbitPort}";
        _scheduler = await PlatformHosts.StartSchedulerAsync(configuration);
        _worker = await PlatformHosts.StartWorkerAsync(configuration);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_run_a_job_through_the_node_that_answers()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.noop",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
        };
        await _probe!.Bus.Publish(job);
        var succeeded = await _probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the job to run with the services on the answering node");
        Assert.That(succeeded.Attempt, Is.EqualTo(1));
    }
}
