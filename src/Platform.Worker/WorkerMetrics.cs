using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>
/// The worker's instruments on the platform's Meter (<c>Platform</c>): <c>platform.worker.runs</c> (attempts by job type
/// and outcome), <c>platform.worker.run.duration</c> (seconds), <c>platform.worker.run.start_delay</c> (seconds from an
/// occurrence's scheduled time to its first attempt's start), <c>platform.worker.breaker.state</c> (0 closed, 1
/// half-open, 2 open, per job type), <c>platform.worker.runs.active</c> and <c>platform.worker.runs.waiting</c>.
/// </summary>
public sealed class WorkerMetrics
{
    /// <summary>Bucket boundaries (seconds) of <c>platform.worker.run.duration</c>, from a no-op's milliseconds to an
    /// hour-long job; OpenTelemetry's default boundaries (0, 5, 10, 25 ... 10000) are meant for milliseconds and would put
    /// every run shorter than 5 s in one bucket.</summary>
    static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    readonly Counter<long> _runs;
    readonly Histogram<double> _duration;
    readonly Histogram<double> _startDelay;

    public WorkerMetrics(IMeterFactory meters, JobTypeBreakers breakers, RunSlots slots)
    {
        var meter = meters.Create(PlatformTelemetry.Name);
        _runs = meter.CreateCounter<long>("platform.worker.runs", "{attempt}",
            "Attempts that reached an outcome: succeeded, failed, timed_out, dead_lettered, cancelled, duplicate, held_back, handed_back");
        _duration = meter.CreateHistogram("platform.worker.run.duration", "s", "How long handlers ran", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _startDelay = meter.CreateHistogram("platform.worker.run.start_delay", "s",
            "From an occurrence's scheduled time to the start of its first attempt on a worker (what sla.maxStartDelay bounds)", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge("platform.worker.breaker.state",
            () => breakers.Snapshots().Select(s => new Measurement<int>((int)s.State, new KeyValuePair<string, object?>("job_type", s.JobType))),
            "{state}", "Circuit breaker per job type: 0 closed, 1 half-open, 2 open");
        meter.CreateObservableUpDownCounter("platform.worker.runs.active", () => slots.InUse, "{run}", "Runs executing in this process");
        meter.CreateObservableUpDownCounter("platform.worker.runs.waiting", () => slots.Waiting, "{run}", "Fetched runs waiting for a slot");
    }

    /// <summary>Records how late a run's first attempt started; retries and replays start late by design and are left out.</summary>
    public void Started(ExecuteJobRun run, DateTimeOffset startedAt)
    {
        if (run.Attempt == 1 && run.Replay == 0)
            _startDelay.Record(Math.Max(0, (startedAt - run.ScheduledFor).TotalSeconds), new KeyValuePair<string, object?>("job_type", run.JobType));
    }

    public void Outcome(string jobType, string outcome, TimeSpan? duration = null)
    {
        var tags = new TagList { { "job_type", jobType }, { "outcome", outcome } };
        _runs.Add(1, tags);
        if (duration is { } elapsed)
            _duration.Record(elapsed.TotalSeconds, tags);
    }
}
