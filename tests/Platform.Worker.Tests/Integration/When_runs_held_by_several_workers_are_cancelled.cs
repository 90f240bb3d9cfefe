using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>CancelJobRun is a broadcast: every worker process sharing a queue receives it, and the one running the run is
/// the one that stops it.</summary>
[TestFixture]
public sealed class When_runs_held_by_several_workers_are_cancelled : PlatformFixture
{
    const string JobType = "test.shared-cancellable";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    readonly List<WebApplication> _workers = [];
    RunPublisher? _publisher;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartWorkers()
    {
        foreach (var name in new[] { "a", "b" })
        {
            var configuration = PlatformConfiguration();
            configuration["Platform:Worker:InstanceName"] = name;
            configuration["Platform:Worker:ConcurrentRuns"] = "1";
            configuration["Platform:Worker:PrefetchCount"] = "1";
            configuration["Platform:Worker:ConnectionString"] = ConnectionString;
            _workers.Add(await WorkerHosts.StartWorkerAsync(configuration, _state, JobType));
        }

        _publisher = await RunPublisher.StartAsync(Servers, VirtualHost);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
    }

    [OneTimeTearDown]
    public async Task StopWorkers()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        if (_publisher is not null)
            await _publisher.DisposeAsync();
        foreach (var worker in _workers)
            await worker.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_stop_each_run_on_the_worker_that_runs_it()
    {
        // One run at a time and one fetched ahead per worker: the broker hands one run to each.
        var runs = Enumerable.Range(0, 2).Select(_ => RunPublisher.Run(JobType, new TestPayload { Gate = $"never-{Guid.NewGuid()}" })).ToList();
        foreach (var run in runs)
            await _publisher!.Publish(run);
        var started = new Dictionary<Guid, JobRunStarted>();
        foreach (var run in runs)
            started[run.RunId] = await Probe.WaitFor<JobRunStarted>(s => s.RunId == run.RunId, Wait, "each run to start");
        Assert.That(started.Values.Select(s => s.Worker).Distinct().Count(), Is.EqualTo(2), "each worker runs one of them");

        foreach (var run in runs)
            await Probe.Bus.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.RunId, Reason = "cancelled by the test" });

        foreach (var run in runs)
        {
            var cancelled = await Probe.WaitFor<JobRunCancelled>(c => c.RunId == run.RunId, Wait, "each run to be reported cancelled");
            Assert.That(cancelled.Worker, Is.EqualTo(started[run.RunId].Worker), "stopped by the worker that runs it");
        }

        await Eventually(() => Task.FromResult(runs.All(r => _state.Cancelled.Contains(r.RunId))), Wait, "both handlers to see their tokens cancelled");
        var ids = runs.Select(r => r.RunId).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(_state.Starts.Count(s => ids.Contains(s.RunId)), Is.EqualTo(2), "each run started once");
            Assert.That(Probe.Received<JobRunCancelled>().Count(c => ids.Contains(c.RunId)), Is.EqualTo(2), "one JobRunCancelled per run");
            Assert.That(Probe.Received<JobRunFailed>().Where(f => ids.Contains(f.RunId)), Is.Empty);
        });
    }
}
