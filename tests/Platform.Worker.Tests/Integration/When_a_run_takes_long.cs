using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Heartbeats: a running attempt publishes <see cref="JobRunHeartbeat"/> on its own every interval, and with the
/// handler's progress (throttled, the latest value wins).</summary>
[TestFixture]
public sealed class When_a_run_takes_long : PlatformFixture
{
    const string JobType = "test.long";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task Start()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:HeartbeatInterval"] = "00:00:00.500";
        configuration["Platform:Worker:HeartbeatThrottle"] = "00:00:00.200";
        configuration["Platform:Worker:LeaseTimeout"] = "00:00:02";
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        _worker = await WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _worker.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_heartbeat_while_running_and_report_progress_throttled()
    {
        var run = RunPublisher.Run(JobType, new TestPayload { ProgressReports = 50, Ms = 2500 });

        await _publisher!.Publish(run);

        var succeeded = await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the long run to succeed");
        var beats = _probe.Received<JobRunHeartbeat>().Where(h => h.RunId == run.RunId).OrderBy(h => h.At).ToList();
        var duration = succeeded.FinishedAt!.Value - succeeded.StartedAt!.Value;
        // At most one per interval on its own plus one per throttle period while progress is reported (about 0.5-1 s).
        var bound = (int)(duration / TimeSpan.FromMilliseconds(500)) + (int)(TimeSpan.FromSeconds(2) / TimeSpan.FromMilliseconds(200)) + 2;
        Assert.Multiple(() =>
        {
            Assert.That(beats, Has.Count.GreaterThanOrEqualTo(4), "automatic heartbeats every 500 ms of a run of 3 s");
            Assert.That(beats, Has.Count.LessThanOrEqualTo(bound), "50 progress reports are throttled");
            Assert.That(beats.Select(b => b.Progress), Does.Contain(100), "the last progress is published");
            Assert.That(beats.Select(b => b.Message), Does.Contain("step 50"));
            Assert.That(beats.Select(b => b.Worker), Is.All.EqualTo(succeeded.Worker));
            Assert.That(beats.Select(b => b.At), Is.All.InRange(succeeded.StartedAt.Value, succeeded.FinishedAt.Value));
            Assert.That(beats.Select(b => b.Attempt), Is.All.EqualTo(1));
        });
    }
}
