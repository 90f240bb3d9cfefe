using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>A quick attempt reports its start with its end (one report to the scheduler instead of two); one still
/// running after <c>StartedReportDelay</c> reports its start while it runs; a run whose start is watched by an SLA
/// (<see cref="ExecuteJobRun.ReportStart"/>) reports it at once.</summary>
[TestFixture]
public sealed class When_an_attempt_reports_its_start : PlatformFixture
{
    const string JobType = "test.start-report";
    static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    RunPublisher Publisher => _publisher!;

    [OneTimeSetUp]
    public async Task StartWorker()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:StartedReportDelay"] = Delay.ToString();
        _worker = await WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopWorker()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _worker.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_report_a_quick_attempts_start_with_its_end_and_a_long_ones_while_it_runs()
    {
        var quick = RunPublisher.Run(JobType, new TestPayload());
        var slow = RunPublisher.Run(JobType, new TestPayload { Ms = 2000 });
        await Publisher.Publish(quick);
        await Publisher.Publish(slow);

        var quickDone = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == quick.RunId, Wait, "the quick run");
        var slowStarted = await Probe.WaitFor<JobRunStarted>(s => s.RunId == slow.RunId, Wait, "the slow run's start report");
        var slowDoneBefore = Probe.Received<JobRunSucceeded>().Any(s => s.RunId == slow.RunId);
        var slowDone = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == slow.RunId, Wait, "the slow run");

        Assert.Multiple(() =>
        {
            Assert.That(quickDone.StartedAt, Is.Not.Null, "the quick run's start travels in its end");
            Assert.That(Probe.Received<JobRunStarted>().Where(s => s.RunId == quick.RunId), Is.Empty, "no separate start report for the quick run");
            Assert.That(slowDoneBefore, Is.False, "the slow run reported its start while it ran");
            Assert.That(slowStarted.StartedAt, Is.EqualTo(slowDone.StartedAt), "both reports give the one start");
            Assert.That(_state.Starts.Single(s => s.RunId == slow.RunId).At - slowStarted.StartedAt!.Value, Is.LessThan(Delay),
                "the start report gives when the handler started, not when it was sent");
        });
    }

    [Test]
    public async Task Should_report_the_start_of_a_run_watched_by_an_sla_at_once()
    {
        var watched = RunPublisher.Run(JobType, new TestPayload()) with { ReportStart = true };

        await Publisher.Publish(watched);

        var started = await Probe.WaitFor<JobRunStarted>(s => s.RunId == watched.RunId, Wait, "the start report");
        var done = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == watched.RunId, Wait, "the run");
        Assert.That(started.StartedAt, Is.EqualTo(done.StartedAt));
    }
}
