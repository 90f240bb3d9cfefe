using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Competing consumers: worker processes of one service share its queue; each keeps to its global and per-job-type
/// concurrency limits; every run completes once.</summary>
[TestFixture]
public sealed class When_several_workers_share_a_queue : PlatformFixture
{
    const string Shared = "test.shared";
    const string Limited = "test.limited";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    readonly List<WebApplication> _workers = [];
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task StartWorkers()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            var configuration = PlatformConfiguration();
            configuration["Platform:Worker:InstanceName"] = name;
            configuration["Platform:Worker:ConcurrentRuns"] = "2";
            configuration["Platform:Worker:JobTypeConcurrency:test.limited"] = "1";
            configuration["Platform:Worker:ConnectionString"] = ConnectionString;
            _workers.Add(await WorkerHosts.StartWorkerAsync(configuration, _state, Shared, Limited));
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
    public async Task Should_share_the_runs_and_keep_each_worker_within_its_limits()
    {
        var runs = Enumerable.Range(0, 24).Select(i => RunPublisher.Run(i % 3 == 0 ? Limited : Shared, new TestPayload { Ms = 150 })).ToList();

        await Task.WhenAll(runs.Select(_publisher!.Publish));

        foreach (var run in runs)
            await _probe!.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "every run to succeed");
        var ids = runs.Select(r => r.RunId).ToHashSet();
        var succeeded = _probe!.Received<JobRunSucceeded>().Where(s => ids.Contains(s.RunId)).ToList();
        var records = _state.Starts.Where(s => ids.Contains(s.RunId)).Select(s => (s.Worker, s.JobType, s.At, Start: true))
            .Concat(_state.Ends.Where(e => ids.Contains(e.RunId)).Select(e => (e.Worker, e.JobType, e.At, Start: false)))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(succeeded, Has.Count.EqualTo(runs.Count), "each run succeeds exactly once");
            Assert.That(succeeded.Select(s => s.Worker).Distinct().Count(), Is.GreaterThanOrEqualTo(2), "the runs are shared between workers");
            foreach (var worker in records.Select(r => r.Worker).Distinct())
            {
                Assert.That(MaxConcurrent(records.Where(r => r.Worker == worker)), Is.LessThanOrEqualTo(2), $"{worker}: global limit 2");
                Assert.That(MaxConcurrent(records.Where(r => r.Worker == worker && r.JobType == Limited)), Is.LessThanOrEqualTo(1),
                    $"{worker}: {Limited} limit 1");
            }
        });
    }

    static int MaxConcurrent(IEnumerable<(string Worker, string JobType, DateTimeOffset At, bool Start)> records)
    {
        int running = 0, max = 0;
        // An end and a start at the same instant: count the end first (the slot was freed, then taken).
        foreach (var record in records.OrderBy(r => r.At).ThenBy(r => r.Start))
        {
            running += record.Start ? 1 : -1;
            max = Math.Max(max, running);
        }

        return max;
    }
}
