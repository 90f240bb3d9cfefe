using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>
/// The worker's instruments on the platform's Meter (<c>Platform</c>): <c>platform.worker.runs</c> (attempts by job type
/// and outcome), <c>platform.worker.run.duration</c> (seconds), <c>platform.worker.breaker.state</c> (0 closed, 1
/// half-open, 2 open, per job type), <c>platform.worker.runs.active</c> and <c>platform.worker.runs.waiting</c>.
/// </summary>
public sealed class WorkerMetrics
{
    readonly Counter<long> _runs;
    readonly Histogram<double> _duration;

    public WorkerMetrics(IMeterFactory meters, JobTypeBreakers breakers, RunSlots slots)
    {
        var meter = meters.Create(PlatformTelemetry.Name);
        _runs = meter.CreateCounter<long>("platform.worker.runs", "{attempt}",
            "Attempts that reached an outcome: succeeded, failed, timed_out, dead_lettered, cancelled, duplicate, held_back, handed_back");
        _duration = meter.CreateHistogram<double>("platform.worker.run.duration", "s", "How long handlers ran");
        meter.CreateObservableGauge("platform.worker.breaker.state",
            () => breakers.Snapshots().Select(s => new Measurement<int>((int)s.State, new KeyValuePair<string, object?>("job_type", s.JobType))),
            "{state}", "Circuit breaker per job type: 0 closed, 1 half-open, 2 open");
        meter.CreateObservableUpDownCounter("platform.worker.runs.active", () => slots.InUse, "{run}", "Runs executing in this process");
        meter.CreateObservableUpDownCounter("platform.worker.runs.waiting", () => slots.Waiting, "{run}", "Fetched runs waiting for a slot");
    }

    public void Outcome(string jobType, string outcome, TimeSpan? duration = null)
    {
        var tags = new TagList { { "job_type", jobType }, { "outcome", outcome } };
        _runs.Add(1, tags);
        if (duration is { } elapsed)
            _duration.Record(elapsed.TotalSeconds, tags);
    }
}
