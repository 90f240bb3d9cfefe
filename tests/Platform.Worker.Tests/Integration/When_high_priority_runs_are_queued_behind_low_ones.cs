using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Integration;

/// <summary>The issue's priority scenario: 1,000 low-priority runs queued, then 10 high-priority ones, one slow worker
/// (one run at a time): the 10 high ones all start before the remaining low ones. Once with the classic priority queue,
/// once with the quorum queue per priority band.</summary>
[TestFixture(WorkerQueueMode.Classic)]
[TestFixture(WorkerQueueMode.QuorumBands)]
public sealed class When_high_priority_runs_are_queued_behind_low_ones(WorkerQueueMode mode) : PlatformFixture
{
    const string JobType = "test.priority";
    const int Low = 1;
    const int High = 9;
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly TestJobState _state = new();
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task StartWorker()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Queue"] = "priority-worker";
        configuration["Platform:Worker:QueueMode"] = mode.ToString();
        configuration["Platform:Worker:ConcurrentRuns"] = "1";
        if (mode == WorkerQueueMode.Classic)
            configuration["Platform:Worker:PrefetchCount"] = "1";
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
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
    public async Task Should_declare_the_queues_of_its_mode()
    {
        if (mode == WorkerQueueMode.Classic)
        {
            var queue = await QueueAsync("priority-worker");
            Assert.That(queue.GetProperty("arguments").GetProperty("x-max-priority").GetInt32(), Is.EqualTo(9));
            return;
        }

        foreach (var band in new[] { "high", "normal", "low" })
        {
            var queue = await QueueAsync($"priority-worker-{band}");
            Assert.That(queue.GetProperty("type").GetString(), Is.EqualTo("quorum"), $"priority-worker-{band} is replicated");
        }
    }

    async Task<JsonElement> QueueAsync(string name)
    {
        using var response = await Management.GetAsync(new Uri($"api/queues/{VirtualHost}/{name}", UriKind.Relative));
        Assert.That(response.IsSuccessStatusCode, Is.True, $"queue {name} exists");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Test]
    public async Task Should_start_all_ten_high_priority_runs_before_the_remaining_low_ones()
    {
        var publisher = _publisher!;
        // The first low run holds the only slot until every run is queued.
        var first = RunPublisher.Run(JobType, new TestPayload { Gate = "all-queued", Ms = 20 }, Low);
        await publisher.Publish(first);
        await _probe!.WaitFor<JobRunStarted>(s => s.RunId == first.RunId, Wait, "the first low-priority run to start");

        var lows = Enumerable.Range(0, 999).Select(_ => RunPublisher.Run(JobType, new TestPayload { Ms = 20 }, Low)).ToList();
        await Task.WhenAll(lows.Select(publisher.Publish));
        var highs = Enumerable.Range(0, 10).Select(_ => RunPublisher.Run(JobType, new TestPayload { Ms = 20 }, High)).ToList();
        await Task.WhenAll(highs.Select(publisher.Publish));

        if (mode == WorkerQueueMode.QuorumBands)
        {
            // Each band queue hands the worker its next runs ahead (prefetch = slots + 1): wait until the high band's are
            // here, as they would be in steady state, so the test shows the slot order and not delivery timing.
            var slots = _worker!.Services.GetRequiredService<RunSlots>();
            await Eventually(() => Task.FromResult(slots.Waiting >= 3), Wait, "the band queues to deliver their next runs");
        }

        _state.Open("all-queued");
        await Eventually(() => Task.FromResult(_state.Starts.Count >= 14), Wait, "the ten high-priority runs and a few low ones to start");

        var order = _state.Starts.Take(14).Select(s => s.Priority).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_state.Starts[0].RunId, Is.EqualTo(first.RunId), "the run that held the slot starts first");
            Assert.That(order.Skip(1).Take(10), Is.All.EqualTo(High), $"start order by priority: {string.Join(",", order)}");
            Assert.That(order.Skip(11), Is.All.EqualTo(Low), "the low ones resume after the high ones");
            Assert.That(_state.Starts.Skip(1).Take(10).Select(s => s.RunId), Is.EquivalentTo(highs.Select(h => h.RunId)));
        });
    }
}
