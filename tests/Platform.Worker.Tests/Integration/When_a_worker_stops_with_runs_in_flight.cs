using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Graceful shutdown: a stopping worker takes no new runs, lets in-flight runs finish within the drain time, then
/// cancels the rest and hands them back unacknowledged; another worker completes them. Nothing is lost or completed twice.</summary>
[TestFixture]
public sealed class When_a_worker_stops_with_runs_in_flight : PlatformFixture
{
    const string JobType = "test.drain";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);
    readonly TestJobState _state = new();
    WebApplication? _stopping;
    WebApplication? _taker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task Start()
    {
        _stopping = await WorkerHosts.StartWorkerAsync(Configuration("stopping"), _state, JobType);
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _stopping.StopQuietlyAsync();
        await _taker.StopQuietlyAsync();
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
    }

    [Test]
    public async Task Should_finish_short_runs_and_hand_back_long_ones_to_another_worker()
    {
        var probe = _probe!;
        var shortRun = RunPublisher.Run(JobType, new TestPayload { Ms = 500 });
        var longRun = RunPublisher.Run(JobType, new TestPayload { Gate = "long-may-finish" });
        await _publisher!.Publish(shortRun);
        await _publisher.Publish(longRun);
        await probe.WaitFor<JobRunStarted>(s => s.RunId == shortRun.RunId, Wait, "the short run to start");
        await probe.WaitFor<JobRunStarted>(s => s.RunId == longRun.RunId, Wait, "the long run to start");
        _taker = await WorkerHosts.StartWorkerAsync(Configuration("taker"), _state, JobType);

        var watch = Stopwatch.StartNew();
        var stopping = _stopping!.StopAsync();
        var late = RunPublisher.Run(JobType, new TestPayload());
        await _publisher.Publish(late);
        await stopping;
        watch.Stop();

        await probe.WaitFor<JobRunStarted>(s => s.RunId == longRun.RunId && s.Worker.EndsWith("@taker", StringComparison.Ordinal), Wait,
            "the handed-back long run to start on the other worker");
        _state.Open("long-may-finish");
        var shortDone = await probe.WaitFor<JobRunSucceeded>(s => s.RunId == shortRun.RunId, Wait, "the short run to succeed");
        var longDone = await probe.WaitFor<JobRunSucceeded>(s => s.RunId == longRun.RunId, Wait, "the long run to succeed");
        var lateDone = await probe.WaitFor<JobRunSucceeded>(s => s.RunId == late.RunId, Wait, "the run published during the stop to succeed");
        Assert.Multiple(() =>
        {
            Assert.That(shortDone.Worker, Does.EndWith("@stopping"), "an in-flight run finishes within the drain time");
            Assert.That(longDone.Worker, Does.EndWith("@taker"), "the run still running after the drain time is handed back");
            Assert.That(lateDone.Worker, Does.EndWith("@taker"), "a stopping worker takes no new runs");
            Assert.That(_state.Cancelled, Does.Contain(longRun.RunId), "the long run's handler was cancelled at the end of the drain");
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(Drain - TimeSpan.FromMilliseconds(100)).And.LessThan(TimeSpan.FromSeconds(30)),
                "the stop waited for the drain time, then no longer");
            Assert.That(probe.Received<JobRunFailed>().Where(f => f.RunId == longRun.RunId), Is.Empty, "handing back is not a failure");
            Assert.That(probe.Received<JobRunSucceeded>().Count(s => s.RunId == longRun.RunId), Is.EqualTo(1), "completed once");
        });
    }

    Dictionary<string, string?> Configuration(string instance)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:InstanceName"] = instance;
        configuration["Platform:Worker:ConcurrentRuns"] = "4";
        configuration["Platform:Worker:DrainTimeout"] = "00:00:02";
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        // Every start reported at once: the test follows which worker started which run.
        configuration["Platform:Worker:StartedReportDelay"] = "00:00:00";
        return configuration;
    }
}
