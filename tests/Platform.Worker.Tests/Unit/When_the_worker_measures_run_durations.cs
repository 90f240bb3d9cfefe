using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Worker.Reliability;

namespace Platform.Worker.Tests.Unit;

[TestFixture]
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
}
