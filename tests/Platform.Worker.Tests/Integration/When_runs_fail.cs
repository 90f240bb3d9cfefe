using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Failed attempts are retried per the job's policy through the message scheduler (the Quartz bridge, never a
/// sleep or the delayed exchange), time out, are dead-lettered after the last attempt and can be replayed.</summary>
[TestFixture]
public sealed class When_runs_fail : PlatformFixture
{
    const string JobType = "test.flaky";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    IHost? _scheduler;
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    RunPublisher Publisher => _publisher!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _scheduler = await WorkerHosts.StartSchedulerAsync(PlatformConfiguration());
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
        configuration["Platform:Worker:CircuitBreaker:Enabled"] = "false";
        _worker = await WorkerHosts.StartWorkerAsync(configuration, _state, JobType);
        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopPlatform()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        await _worker.StopQuietlyAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_retry_a_flaky_run_with_delays_that_grow_as_configured()
    {
        var retry = new RetryPolicy
        {
            MaxAttempts = 4,
            InitialDelay = TimeSpan.FromSeconds(1),
            Multiplier = 2,
            MaxDelay = TimeSpan.FromSeconds(30),
            Jitter = false,
        };
        var run = RunPublisher.Run(JobType, new TestPayload { FailTimes = 3 }, priority: 6, retry: retry);

        await Publisher.Publish(run);

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the fourth attempt to succeed");
        var failed = Probe.Received<JobRunFailed>().Where(f => f.RunId == run.RunId).OrderBy(f => f.Attempt).ToList();
        // Quick attempts report their start with their end.
        var started = failed.Select(f => (f.Attempt, f.StartedAt)).Append((succeeded.Attempt, succeeded.StartedAt)).ToList();
        Assert.That(failed.Select(f => f.Attempt), Is.EqualTo(new[] { 1, 2, 3 }), "failed attempts");
        Assert.That(started.Select(s => s.StartedAt), Has.All.Not.Null, "every attempt's start is reported");

        var expected = new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) };
        var gaps = new List<TimeSpan>();
        Assert.Multiple(() =>
        {
            Assert.That(succeeded.Attempt, Is.EqualTo(4));
            for (var i = 0; i < 3; i++)
            {
                var f = failed[i];
                Assert.That(f.WillRetry, Is.True, $"attempt {f.Attempt} will retry");
                Assert.That(f.NextAttemptAt!.Value - f.FinishedAt!.Value, Is.EqualTo(expected[i]).Within(TimeSpan.FromMilliseconds(1)),
                    $"the delay after attempt {f.Attempt}: initialDelay * multiplier^{i}");
                var next = started[i + 1].StartedAt!.Value;
                Assert.That(next, Is.GreaterThanOrEqualTo(f.NextAttemptAt.Value - TimeSpan.FromMilliseconds(50)),
                    $"attempt {f.Attempt + 1} started before it was due");
                Assert.That(next - f.NextAttemptAt.Value, Is.LessThan(TimeSpan.FromSeconds(3)), $"attempt {f.Attempt + 1} started long after it was due");
                gaps.Add(next - f.FinishedAt.Value);
            }

            Assert.That(gaps[1], Is.GreaterThan(gaps[0]), "the second gap is longer than the first");
            Assert.That(gaps[2], Is.GreaterThan(gaps[1]), "the third gap is longer than the second");
        });
    }

    [Test]
    public async Task Should_cancel_a_timed_out_attempt_and_apply_the_retry_policy()
    {
        var retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(200), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1), Jitter = false };
        var run = RunPublisher.Run(JobType, new TestPayload { Ms = 60_000 }, retry: retry, timeout: TimeSpan.FromMilliseconds(500));

        await Publisher.Publish(run);

        var deadLettered = await Probe.WaitFor<JobRunDeadLettered>(d => d.RunId == run.RunId, Wait, "the run to be dead-lettered after two timeouts");
        var failed = Probe.Received<JobRunFailed>().Where(f => f.RunId == run.RunId).OrderBy(f => f.Attempt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Select(f => (f.Attempt, f.TimedOut, f.WillRetry)), Is.EqualTo(new[] { (1, true, true), (2, true, false) }));
            Assert.That(failed[0].FinishedAt - failed[0].StartedAt, Is.LessThan(TimeSpan.FromSeconds(10)), "the attempt ended at its timeout");
            Assert.That(failed[0].Error, Does.Contain("Timed out"));
            Assert.That(deadLettered.Attempt, Is.EqualTo(2));
            Assert.That(_state.Cancelled, Does.Contain(run.RunId), "the handler's token was cancelled");
        });
    }

    [Test]
    public async Task Should_dead_letter_after_the_last_attempt_and_run_its_replay_once()
    {
        var retry = new RetryPolicy { MaxAttempts = 2, InitialDelay = TimeSpan.FromMilliseconds(200), Multiplier = 1, MaxDelay = TimeSpan.FromSeconds(1), Jitter = false };
        var run = RunPublisher.Run(JobType, new TestPayload { FailTimes = 99 }, retry: retry);

        await Publisher.Publish(run);

        var deadLettered = await Probe.WaitFor<JobRunDeadLettered>(d => d.RunId == run.RunId, Wait, "the run to be dead-lettered");
        var failed = Probe.Received<JobRunFailed>().Where(f => f.RunId == run.RunId).OrderBy(f => f.Attempt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Select(f => (f.Attempt, f.WillRetry)), Is.EqualTo(new[] { (1, true), (2, false) }));
            Assert.That(failed[1].NextAttemptAt, Is.Null);
            Assert.That(deadLettered.Error, Does.Contain("planned failure of attempt 2"));
        });

        using var http = new HttpClient { BaseAddress = _worker!.Address() };
        var kept = await http.GetFromJsonAsync<JsonElement>(new Uri("/worker/dead-letters", UriKind.Relative));
        Assert.That(kept.EnumerateArray().Select(d => d.GetProperty("runId").GetGuid()), Does.Contain(run.RunId), "GET /worker/dead-letters lists it");

        // The scheduler decides on a replay and dispatches it (ReplayJobRun never reaches a worker): attempt 1 of replay 1,
        // here delivered twice as a redelivered dispatch would be.
        var replay = run with
        {
            Attempt = 1,
            Replay = 1,
            ReplayReason = "the dependency is fixed",
            Payload = JsonSerializer.SerializeToElement(new TestPayload(), JsonSerializerOptions.Web),
        };
        await Publisher.Publish(replay);
        await Publisher.Publish(replay);

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "the replayed run to succeed");
        // A second delivery would have been queued with the first; a marker run queued after both shows they were handled.
        var marker = RunPublisher.Run(JobType, new TestPayload());
        await Publisher.Publish(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.RunId == marker.RunId, Wait, "a later run to succeed");
        kept = await http.GetFromJsonAsync<JsonElement>(new Uri("/worker/dead-letters", UriKind.Relative));
        var deadLetter = kept.EnumerateArray().Single(d => d.GetProperty("runId").GetGuid() == run.RunId);
        Assert.Multiple(() =>
        {
            Assert.That((succeeded.Attempt, succeeded.Replay), Is.EqualTo((1, 1)), "a replay starts again at attempt 1 and says which replay it is");
            Assert.That(Probe.Received<JobRunSucceeded>().Count(s => s.RunId == run.RunId), Is.EqualTo(1), "the second delivery replays nothing");
            Assert.That(_state.Starts.Count(e => e.RunId == run.RunId), Is.EqualTo(3), "the handler ran two attempts, then the replay once");
            Assert.That(deadLetter.GetProperty("replayedAs").GetInt32(), Is.EqualTo(1), "the kept dead letter is marked replayed");
            Assert.That(deadLetter.GetProperty("replayReason").GetString(), Is.EqualTo("the dependency is fixed"));
        });
    }
}
