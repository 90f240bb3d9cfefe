using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Platform.EntityFrameworkCore.Tests.Unit;

/// <summary>The gauge the PlatformOutboxBacklog alert reads: the age of the oldest message a delivery round found waiting.</summary>
[TestFixture]
[NonParallelizable] // a MeterListener hears every fixture's meters in this process
public sealed class When_the_outbox_backlog_is_measured
{
    [Test]
    public void Should_report_the_age_of_the_oldest_waiting_message_until_a_round_empties_the_outbox()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var backlog = new OutboxBacklog(meters, clock);
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "platform.outbox.oldest_pending.age")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => measured[(string)tags[0].Value!] = value);
        listener.Start();

        backlog.Empty("SchedulerDbContext");
        listener.RecordObservableInstruments();
        var idle = measured["SchedulerDbContext"];

        backlog.Waiting("SchedulerDbContext", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(90));
        listener.RecordObservableInstruments();
        var stuck = measured["SchedulerDbContext"];

        backlog.Empty("SchedulerDbContext");
        listener.RecordObservableInstruments();
        Assert.Multiple(() =>
        {
            Assert.That(idle, Is.Zero, "an empty outbox");
            Assert.That(stuck, Is.EqualTo(90).Within(0.001), "90 s after the oldest waiting message was written");
            Assert.That(measured["SchedulerDbContext"], Is.Zero, "after a round emptied it");
        });
    }
}
