using System.Globalization;
using Platform.Contracts;

namespace Platform.Bench.Chaos;

/// <summary>Whether late runs were reported late: every run whose first attempt started more than its SLA's
/// <c>MaxStartDelay</c> (plus the timer's tolerance) after it was due has a <see cref="JobSlaViolated"/> StartLate, and
/// none has two.</summary>
public sealed class LatenessReports
{
    /// <summary>A start deadline is a message-scheduler timer: it may fire this much after the deadline, and the run's start
    /// report may reach the scheduler first. Runs started later than the SLA by less than this are not judged.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    public int Late { get; private set; }

    public int ReportedLate { get; private set; }

    public int ReportedOnTime { get; private set; }

    public List<string> Unreported { get; } = [];

    public List<string> ReportedTwice { get; } = [];

    /// <summary>The first attempt's start of each run is the earliest of the ledger's (<paramref name="firstAttempts"/>: the
    /// completed first attempts) and the JobRunStarted events' (an attempt started by a worker that was killed before it
    /// completed).</summary>
    public static LatenessReports Check(IReadOnlyList<LedgerRow> firstAttempts, IReadOnlyList<JobRunStarted> started, IReadOnlyList<JobSlaViolated> violations,
        TimeSpan maxStartDelay)
    {
        var reports = new LatenessReports();
        var starts = firstAttempts.Select(l => (l.RunId, l.JobId, l.ScheduledFor, l.StartedAt))
            .Concat(started.Where(s => s.Attempt == 1 && s.Replay == 0 && s.StartedAt is not null).Select(s => (s.RunId, s.JobId, s.ScheduledFor, StartedAt: s.StartedAt!.Value)))
            .GroupBy(s => s.RunId)
            .Select(g => (RunId: g.Key, g.First().JobId, g.First().ScheduledFor, StartedAt: g.Min(s => s.StartedAt)))
            .ToDictionary(s => s.RunId);
        var startLate = violations.Where(v => v.Kind == SlaViolationKind.StartLate).ToLookup(v => v.RunId);
        foreach (var run in starts.Values)
        {
            var lateness = run.StartedAt - run.ScheduledFor;
            var reported = startLate[run.RunId].Count();
            if (lateness > maxStartDelay)
                reports.Late++;
            if (reported > 0)
            {
                reports.ReportedLate++;
                if (lateness <= maxStartDelay)
                    reports.ReportedOnTime++;
            }

            if (reported > 1)
                reports.ReportedTwice.Add($"run {run.RunId} (job {run.JobId}) due {Format(run.ScheduledFor)}: {reported} StartLate reports");
            if (lateness > maxStartDelay + Tolerance && reported == 0)
                reports.Unreported.Add($"run {run.RunId} (job {run.JobId}) due {Format(run.ScheduledFor)} started {Format(run.StartedAt)} " +
                    $"({lateness.TotalSeconds:F1} s late) without a StartLate report");
        }

        reports.Unreported.Sort(StringComparer.Ordinal);
        return reports;
    }

    static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
