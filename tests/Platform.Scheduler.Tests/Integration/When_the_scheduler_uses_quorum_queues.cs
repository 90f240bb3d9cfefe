using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The scheduler with <c>Platform:RabbitMq:QuorumQueues</c> and a worker in quorum bands, as on a RabbitMQ cluster:
/// every durable queue of both is a quorum queue, and a job whose first attempt fails runs its retry (sent through the
/// message scheduler's queue) and succeeds; the processes' own temporary queues stay classic (a quorum queue cannot be).</summary>
[TestFixture]
public sealed class When_the_scheduler_uses_quorum_queues : SchedulerScenario
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Platform:RabbitMq:QuorumQueues"] = "true",
        ["Platform:Worker:QueueMode"] = "QuorumBands",
    };

    [Test]
    public async Task Should_declare_quorum_queues_and_run_a_retried_job_through_them()
    {
        var job = Job(Once(Now), "platform.fail", new { failTimes = 1 }) with
        {
            Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), Jitter = false },
        };
        await Probe.Bus.Publish(job);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the retry of the failed attempt to succeed");
        Assert.That(succeeded.Attempt, Is.EqualTo(2), "the first attempt failed, its retry came back through the message scheduler");

        var queues = await QueueTypesAsync();
        var durable = queues.Where(q => q.Durable).ToList();
        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "platform-scheduler", "platform-jobs", "platform-runs", "platform-external-events", "platform-unrouted-runs", "platform-quartz" })
                Assert.That(durable.Select(q => q.Name), Does.Contain(name), $"the scheduler's queue {name}");
            Assert.That(durable.Where(q => q.Name.StartsWith("platform-worker", StringComparison.Ordinal)), Is.Not.Empty, "the worker's band queues");
            Assert.That(durable.Where(q => q.Type != "quorum").Select(q => $"{q.Name} ({q.Type})"), Is.Empty, "every durable queue is a quorum queue");
            Assert.That(queues.Where(q => !q.Durable).Select(q => q.Type), Is.Not.Empty.And.All.EqualTo("classic"), "the processes' temporary queues");
        });
    }

    async Task<List<(string Name, string Type, bool Durable)>> QueueTypesAsync()
    {
        var queues = await Management.GetFromJsonAsync<JsonElement[]>(new Uri($"api/queues/{VirtualHost}", UriKind.Relative)) ?? [];
        return queues.Select(q => (q.GetProperty("name").GetString()!, q.GetProperty("type").GetString()!, q.GetProperty("durable").GetBoolean())).ToList();
    }
}
