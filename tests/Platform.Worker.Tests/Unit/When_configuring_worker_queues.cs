using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
public sealed class When_configuring_worker_queues
{
    [Test]
    public void Should_use_one_classic_queue_for_every_priority()
    {
        var queues = WorkerQueues.From(new WorkerOptions { Queue = "billing", ConcurrentRuns = 4 });
        Assert.Multiple(() =>
        {
            Assert.That(queues.Queues.Select(q => q.Name), Is.EqualTo(new[] { "billing" }));
            Assert.That(queues.Queues[0].Priorities, Is.EqualTo(Enumerable.Range(0, 10)));
            Assert.That(queues.Queues[0].PrefetchCount, Is.EqualTo(4), "prefetch defaults to the concurrency");
            Assert.That(queues.For(7).Exchange, Is.EqualTo(new Uri("exchange:billing")), "retries go to the queue's exchange, never queue:");
        });
    }

    [Test]
    public void Should_use_one_queue_per_band_in_quorum_mode()
    {
        var queues = WorkerQueues.From(new WorkerOptions { Queue = "billing", ConcurrentRuns = 4, QueueMode = WorkerQueueMode.QuorumBands });
        Assert.Multiple(() =>
        {
            Assert.That(queues.Queues.Select(q => q.Name), Is.EqualTo(new[] { "billing-high", "billing-normal", "billing-low" }), "highest first");
            Assert.That(queues.Queues.SelectMany(q => q.Priorities).Order(), Is.EqualTo(Enumerable.Range(0, 10)), "every priority in one band");
            Assert.That(queues.Queues.Select(q => q.PrefetchCount), Is.All.EqualTo(5), "one run ahead per band");
            Assert.That(queues.For(9).Name, Is.EqualTo("billing-high"));
            Assert.That(queues.For(5).Name, Is.EqualTo("billing-normal"));
            Assert.That(queues.For(0).Name, Is.EqualTo("billing-low"));
            Assert.That(queues.For(42).Name, Is.EqualTo("billing-high"), "out-of-range priorities are clamped");
        });
    }

    [Test]
    public void Should_reject_a_lease_that_expires_before_the_next_heartbeat()
    {
        var options = new WorkerOptions { HeartbeatInterval = TimeSpan.FromSeconds(30), LeaseTimeout = TimeSpan.FromSeconds(10) };
        options.CircuitBreaker.FailureThreshold = 0;
        var result = new WorkerOptionsValidator().Validate(Options.DefaultName, options);
        Assert.That(result.Failures, Has.Some.Contains("LeaseTimeout must be longer than HeartbeatInterval")
            .And.Some.Contains("WorkerOptions.CircuitBreaker.FailureThreshold"), "the cross-field rule and the nested options' own");
    }
}
