using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Worker.Tests.Integration;

namespace Platform.Worker.Tests.Composition;

/// <summary>A service that registers the worker but forgets its endpoints is told so at start; one that stops lets its
/// runs finish (the worker's drain) on its own bus.</summary>
[TestFixture]
public sealed class When_a_composed_worker_is_misconfigured_or_stops : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Should_refuse_to_start_when_configure_platform_worker_was_not_called()
    {
        var builder = ComposedService.Builder(Servers, VirtualHost, new Dictionary<string, string?>(), new TestJobState(), new ReceivedOrders(),
            configureWorkerEndpoints: false);
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("ConfigurePlatformWorker"));
        await host.StopAsync();
    }

    [Test]
    public async Task Should_let_a_running_job_finish_when_the_service_stops()
    {
        var state = new TestJobState();
        var service = await ComposedService.StartAsync(ComposedService.Builder(Servers, VirtualHost, new Dictionary<string, string?>
        {
            ["Platform:Worker:Queue"] = ComposedService.Queue,
            ["Platform:Worker:DrainTimeout"] = "00:00:20",
        }, state, new ReceivedOrders()));
        await using var publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        await using var probe = await EventProbe.StartAsync(Servers, VirtualHost);
        var run = RunPublisher.Run(ComposedService.JobType, new TestPayload { Ms = 1500 });

        await publisher.Publish(run);
        await probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "the run to start");
        await service.StopQuietlyAsync();

        var succeeded = await probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the run to finish while the service drains");
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Attempt, Is.EqualTo(1), "finished in the drain, not handed back and run again");
            Assert.That(state.Cancelled, Is.Empty, "no handler was cancelled");
        });
    }
}
