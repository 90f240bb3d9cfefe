using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Platform.Bench.Pipeline;

/// <summary>Counts what this process does per job: MassTransit's counters (consumed, retried, sent, published) and
/// Npgsql's (database commands, physical connections opened), read from their meters.</summary>
public sealed class Counters : IDisposable
{
    static readonly string[] Meters = ["MassTransit", "Npgsql"];
    readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    readonly MeterListener _listener = new();

    public Counters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Meters.Contains(instrument.Meter.Name) && instrument is Counter<long> or Histogram<double>)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counts.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            _counts.AddOrUpdate(instrument.Name, 1, (_, total) => total + 1);
            if (instrument.Name is "messaging.masstransit.delivery.duration" or "messaging.masstransit.consume.duration" or "messaging.masstransit.saga.duration")
            {
                var type = "?";
                foreach (var tag in tags)
                {
                    if (tag.Key.EndsWith("_type", StringComparison.Ordinal))
                        type = type == "?" ? $"{tag.Value}" : $"{type}/{tag.Value}";
                }

                Durations.AddOrUpdate($"{instrument.Name} {type}", (value, 1), (_, t) => (t.Sum + value, t.Count + 1));
            }
        });
        _listener.Start();
    }

    /// <summary>Sum and count of MassTransit's delivery (sent to consumed) and consume durations, by message type.</summary>
    public ConcurrentDictionary<string, (double Sum, long Count)> Durations { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>What was counted since <paramref name="before"/>, per job, by counter name (histograms count their
    /// measurements).</summary>
    public IEnumerable<(string Name, double PerJob)> Since(IReadOnlyDictionary<string, long> before, int jobs) =>
        _counts.Select(c => (c.Key, (c.Value - before.GetValueOrDefault(c.Key)) / (double)jobs))
            .Where(c => c.Item2 > 0)
            .OrderBy(c => c.Key, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
