using System.Diagnostics.Metrics;

namespace Platform.Triggers;

/// <summary>Schedule drift and fire counts for operators (Meter "Platform").</summary>
public sealed class TriggerEngineMetrics : ITriggerFireObserver
{
    public const string MeterName = "Platform";
    readonly Histogram<double> _lateness;
    readonly Counter<long> _fires;

    public TriggerEngineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _lateness = meter.CreateHistogram<double>("platform.trigger.fire.lateness", "ms",
            "Schedule drift: when an occurrence's fire committed minus when it was due");
        _fires = meter.CreateCounter<long>("platform.trigger.fires", "{occurrence}", "Occurrences fired or missed, by kind");
    }

    public void Committed(IReadOnlyList<TriggerFire> fires, DateTimeOffset committedAt)
    {
        foreach (var fire in fires)
        {
            var tag = new KeyValuePair<string, object?>("kind", fire.Kind.ToString());
            _fires.Add(1, tag);
            if (fire.Runs)
                _lateness.Record((committedAt - fire.ScheduledFor).TotalMilliseconds, tag);
        }
    }
}
