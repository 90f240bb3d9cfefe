using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>A worker process publishes WorkerAnnounced after it starts and every interval (who it is, its job types and
/// slots), and a last one saying it stops.</summary>
[TestFixture]
public sealed class When_a_worker_announces_itself : PlatformFixture
{
    const string JobType = "test.announced";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Should_announce_its_job_types_and_slots_every_interval_and_say_when_it_stops()
    {
        await using var probe = await EventProbe.StartAsync(Servers, VirtualHost);
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:ConcurrentRuns"] = "3";
        configuration["Platform:Worker:Announcements:Interval"] = "00:00:01";
        WebApplication? worker = await WorkerHosts.StartWorkerAsync(configuration, new TestJobState(), JobType);
        try
        {
            var first = await probe.WaitFor<WorkerAnnounced>(a => a.JobTypes.Contains(JobType), Wait, "the worker's first announcement");
            var next = await probe.WaitFor<WorkerAnnounced>(a => a.Worker == first.Worker && a.AnnouncedAt > first.AnnouncedAt, Wait,
                "the announcement of the next interval");
            await worker.StopQuietlyAsync();
            worker = null;
            var last = await probe.WaitFor<WorkerAnnounced>(a => a.Worker == first.Worker && a.Stopping, Wait, "the announcement that it stops");

            Assert.Multiple(() =>
            {
                Assert.That(first.Slots, Is.EqualTo(3));
                Assert.That(first.SlotsInUse, Is.Zero);
                Assert.That(first.Interval, Is.EqualTo(TimeSpan.FromSeconds(1)));
                Assert.That(first.Stopping, Is.False);
                Assert.That(next.StartedAt, Is.EqualTo(first.StartedAt), "the same process");
                Assert.That(last.AnnouncedAt, Is.GreaterThan(next.AnnouncedAt));
            });
        }
        finally
        {
            await worker.StopQuietlyAsync();
        }
    }
}
