using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
[NonParallelizable] // a MeterListener hears every fixture's meters in this process
public sealed class When_the_worker_measures_run_durations
{
    /// <summary>Regression: the histogram had OpenTelemetry's default boundaries (0, 5, 10 ... 10000, meant for
    /// milliseconds), so every run under 5 s fell in one bucket and the dashboard's p50 of a 2 ms no-op read 2.5 s.</summary>
    [Test]
    public void Should_advise_buckets_from_milliseconds_to_an_hour()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        IReadOnlyList<double>? boundaries = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument is Histogram<double> { Name: "platform.worker.run.duration" } histogram)
                boundaries = histogram.Advice?.HistogramBucketBoundaries;
        };
        listener.Start();

        _ = new WorkerMetrics(meters, new JobTypeBreakers(Options.Create(new WorkerOptions()), TimeProvider.System, NullLogger<JobTypeBreakers>.Instance),
            new RunSlots(1, new Dictionary<string, int>()));

        Assert.That(boundaries, Is.Not.Null, "the run duration histogram advises its bucket boundaries");
        Assert.Multiple(() =>
        {
            Assert.That(boundaries!.Count(b => b <= 0.1), Is.GreaterThanOrEqualTo(4), "sub-second runs are told apart");
            Assert.That(boundaries!.Max(), Is.GreaterThanOrEqualTo(3600), "an hour-long run still lands in a finite bucket");
            Assert.That(boundaries, Is.Ordered.Ascending);
        });
    }

    [Test]
    public void Should_measure_how_late_first_attempts_start_and_leave_retries_and_replays_out()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var recorded = new List<(double Seconds, string? JobType)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "platform.worker.run.start_delay")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            recorded.Add((value, tags.ToArray().Single(t => t.Key == "job_type").Value as string)));
        listener.Start();
        var metrics = new WorkerMetrics(meters,
            new JobTypeBreakers(Options.Create(new WorkerOptions()), TimeProvider.System, NullLogger<JobTypeBreakers>.Instance),
            new RunSlots(1, new Dictionary<string, int>()));
        var scheduledFor = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);
        var run = new Contracts.ExecuteJobRun { JobId = Guid.NewGuid(), RunId = Guid.NewGuid(), JobType = "report", Attempt = 1, ScheduledFor = scheduledFor };

        metrics.Started(run, scheduledFor.AddMilliseconds(250));
        metrics.Started(run with { Attempt = 2 }, scheduledFor.AddSeconds(30));
        metrics.Started(run with { Replay = 1 }, scheduledFor.AddHours(2));

        Assert.That(recorded, Is.EqualTo(new[] { (0.25, (string?)"report") }));
    }
}
