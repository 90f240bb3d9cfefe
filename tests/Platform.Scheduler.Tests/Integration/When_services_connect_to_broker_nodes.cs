using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A broker given as cluster nodes (<c>Platform:RabbitMq:Nodes</c>): the scheduler and a worker whose first
/// node does not answer connect through the next one and run a job (the host and port alone point nowhere).</summary>
[TestFixture]
public sealed class When_services_connect_to_broker_nodes : SchedulerScenario
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Platform:RabbitMq:Port"] = "1",
        ["Platform:RabbitMq:Nodes:0"] = "127.0.0.1:1",
        ["Platform:RabbitMq:Nodes:1"] = $"{Servers.RabbitHost}:{Servers.RabbitPort}",
    };

    [Test]
    public async Task Should_run_a_job_through_the_node_that_answers()
    {
        var job = Job(Once(Now));
        await Probe.Bus.Publish(job);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the job to run with the services on the answering node");
        Assert.That(succeeded.Attempt, Is.EqualTo(1));
    }
}
