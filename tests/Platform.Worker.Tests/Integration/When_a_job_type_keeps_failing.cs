using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>After N failures within the window the job type's breaker opens: its runs are held back (not failed, not
/// lost, no attempt used) and come back after the cool-down as probes; operators see the state over HTTP and as a metric.</summary>
[TestFixture]
[NonParallelizable] // a MeterListener hears every fixture's meters in this process
public sealed class When_a_job_type_keeps_failing : PlatformFixture
{
    const string JobType = "test.breaker";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(3);
    readonly TestJobState _state = new();
    IHost? _scheduler;
    WebApplication? _worker;
    RunPublisher? _publisher;
    EventProbe? _probe;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        _scheduler = await WorkerHosts.StartSchedulerAsync(PlatformConfiguration());
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:CircuitBreaker:FailureThreshold"] = "3";
        configuration["Platform:Worker:CircuitBreaker:Window"] = "00:01:00";
        configuration["Platform:Worker:CircuitBreaker:CoolDown"] = "00:00:03";
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
    public async Task Should_hold_runs_back_while_open_then_probe_and_close()
    {
        var probe = _probe!;
        var once = new RetryPolicy { MaxAttempts = 1 };
        _state.Broken = true;
        var failing = Enumerable.Range(0, 3).Select(_ => RunPublisher.Run(JobType, new TestPayload(), retry: once)).ToList();
        foreach (var run in failing)
        {
            await _publisher!.Publish(run);
            await probe.WaitFor<JobRunFailed>(f => f.RunId == run.RunId, Wait, "a failing run to fail");
        }

        var openedBy = TimeProvider.System.GetUtcNow();
        using var http = new HttpClient { BaseAddress = _worker!.Address() };
        var breaker = await BreakerAsync(http);
        Assert.Multiple(() =>
        {
            Assert.That(breaker.GetProperty("state").GetString(), Is.EqualTo("Open"), "GET /worker/breakers");
            Assert.That(breaker.GetProperty("openUntil").GetDateTimeOffset(), Is.GreaterThan(openedBy));
            Assert.That(BreakerGauge(), Is.EqualTo(2), "platform.worker.breaker.state reports open");
        });

        // While open, runs are held back; once the type recovers they run after the cool-down, each at attempt 1.
        var held = Enumerable.Range(0, 2).Select(_ => RunPublisher.Run(JobType, new TestPayload(), retry: once)).ToList();
        foreach (var run in held)
            await _publisher!.Publish(run);
        _state.Broken = false;
        var succeeded = new List<JobRunSucceeded>();
        foreach (var run in held)
            succeeded.Add(await probe.WaitFor<JobRunSucceeded>(s => s.RunId == run.RunId, Wait, "a held-back run to succeed after the cool-down"));

        Assert.Multiple(async () =>
        {
            Assert.That(succeeded.Select(s => s.Attempt), Is.All.EqualTo(1), "holding back uses no attempt");
            Assert.That(succeeded.Select(s => s.StartedAt!.Value), Is.All.GreaterThanOrEqualTo(openedBy + CoolDown - TimeSpan.FromSeconds(1)),
                "held back until the cool-down ended");
            Assert.That(probe.Received<JobRunFailed>().Where(f => held.Any(h => h.RunId == f.RunId)), Is.Empty, "held-back runs are not failed");
            Assert.That((await BreakerAsync(http)).GetProperty("state").GetString(), Is.EqualTo("Closed"), "a successful probe closes the breaker");
            Assert.That(BreakerGauge(), Is.Zero);
        });
    }

    static async Task<JsonElement> BreakerAsync(HttpClient http)
    {
        var breakers = await http.GetFromJsonAsync<JsonElement>(new Uri("/worker/breakers", UriKind.Relative));
        return breakers.EnumerateArray().Single(b => b.GetProperty("jobType").GetString() == JobType);
    }

    /// <summary>The latest value of the breaker gauge for the test's job type, read as a metrics exporter would.</summary>
    static int? BreakerGauge()
    {
        int? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Platform" && instrument.Name == "platform.worker.breaker.state")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "job_type" && Equals(tag.Value, JobType))
                    value = measurement;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }
}
