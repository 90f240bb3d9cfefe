using System.Globalization;
using Platform.Contracts;

namespace Platform.Bench.Chaos;

/// <summary>What the soak found: every expected occurrence fired once, ran once and succeeded (lost otherwise), and no
/// occurrence or attempt ran twice (duplicate otherwise), with the evidence for each finding.</summary>
public sealed class Verdict
{
    public List<string> Lost { get; } = [];

    public List<string> Duplicates { get; } = [];

    public int Expected { get; private set; }

    public int Fired { get; private set; }

    public int Succeeded { get; private set; }

    public int RetriedAndSucceeded { get; private set; }

    public static Verdict Check(IReadOnlyList<SoakJob> jobs, IReadOnlyList<FireRow> fires, IReadOnlyList<RunRow> runs, IReadOnlyList<LedgerRow> ledger,
        IReadOnlyList<JobRunSucceeded> succeeded, IReadOnlyList<JobRunFailed> failed)
    {
        var verdict = new Verdict();
        var firesByOccurrence = fires.ToLookup(f => (f.JobId, f.ScheduledFor.UtcTicks));
        var runsByOccurrence = runs.ToLookup(r => (r.JobId, r.ScheduledFor.UtcTicks));
        var ledgerByRun = ledger.ToLookup(l => l.RunId);
        var expected = new HashSet<(Guid, long)>();

        foreach (var job in jobs)
        {
            foreach (var at in job.ExpectedOccurrences)
            {
                var key = (job.JobId, at.UtcTicks);
                expected.Add(key);
                var fire = firesByOccurrence[key].SingleOrDefault();
                if (fire is null)
                {
                    verdict.Lost.Add($"job {job.JobId} occurrence {Format(at)}: never fired (no row in scheduler.fires)");
                    continue;
                }

                verdict.Fired++;
                if (!fire.HasRun)
                {
                    verdict.Lost.Add($"job {job.JobId} occurrence {Format(at)}: fire recorded as {fire.Kind} by {fire.Instance} at {Format(fire.FiredAt)}");
                    continue;
                }

                var occurrenceRuns = runsByOccurrence[key].ToList();
                if (occurrenceRuns.Count == 0)
                    verdict.Lost.Add($"job {job.JobId} occurrence {Format(at)}: fired by {fire.Instance} at {Format(fire.FiredAt)} but no run in scheduler.run_state");
                if (occurrenceRuns.Count > 1)
                    verdict.Duplicates.Add($"job {job.JobId} occurrence {Format(at)}: {occurrenceRuns.Count} runs " +
                        string.Join(", ", occurrenceRuns.Select(r => $"{r.RunId} ({r.State}, attempt {r.Attempt})")));
                foreach (var run in occurrenceRuns)
                {
                    if (run.State == "Succeeded")
                        verdict.Succeeded++;
                    else
                        verdict.Lost.Add($"job {job.JobId} occurrence {Format(at)}: run {run.RunId} is {run.State} at attempt {run.Attempt} " +
                            $"(worker {run.Worker ?? "-"}, error {run.Error ?? "-"}); ledger: {Describe(ledgerByRun[run.RunId])}");
                    var successes = ledgerByRun[run.RunId].Where(l => l.Outcome == "Succeeded").ToList();
                    if (run.State == "Succeeded" && successes.Count == 0)
                        verdict.Lost.Add($"run {run.RunId}: Succeeded in scheduler.run_state but no successful completion in the worker ledger: {Describe(ledgerByRun[run.RunId])}");
                    if (successes.Count > 1)
                        verdict.Duplicates.Add($"run {run.RunId}: the ledger records {successes.Count} successful attempts: {Describe(successes)}");
                    if (run.State == "Succeeded" && run.Attempt > 1)
                        verdict.RetriedAndSucceeded++;
                }
            }
        }

        verdict.Expected = expected.Count;
        foreach (var fire in fires.Where(f => !expected.Contains((f.JobId, f.ScheduledFor.UtcTicks))))
            verdict.Duplicates.Add($"job {fire.JobId}: fire of an occurrence that is not in the schedule, {Format(fire.ScheduledFor)} ({fire.Kind} by {fire.Instance})");
        foreach (var run in runs.Where(r => !expected.Contains((r.JobId, r.ScheduledFor.UtcTicks))))
            verdict.Duplicates.Add($"run {run.RunId} of job {run.JobId}: for an occurrence that is not in the schedule, {Format(run.ScheduledFor)} ({run.State})");

        // A handler that completed twice for the same attempt shows as two completion events with different starts
        // (a republished event after a crash repeats the same start and worker: that is not a second execution).
        foreach (var group in succeeded.GroupBy(s => s.RunId).Where(g => g.Select(s => (s.Worker, s.StartedAt)).Distinct().Count() > 1))
            verdict.Duplicates.Add($"run {group.Key}: JobRunSucceeded from {string.Join(", ", group.Select(s => $"{s.Worker} attempt {s.Attempt} started {Format(s.StartedAt)}"))}");
        foreach (var group in failed.GroupBy(f => (f.RunId, f.Attempt)).Where(g => g.Select(f => (f.Worker, f.StartedAt)).Distinct().Count() > 1))
            verdict.Duplicates.Add($"run {group.Key.RunId} attempt {group.Key.Attempt}: JobRunFailed from {string.Join(", ", group.Select(f => $"{f.Worker} started {Format(f.StartedAt)}"))}");

        verdict.Lost.Sort(StringComparer.Ordinal);
        verdict.Duplicates.Sort(StringComparer.Ordinal);
        return verdict;
    }

    static string Describe(IEnumerable<LedgerRow> rows)
    {
        var list = rows.OrderBy(r => r.Attempt).ThenBy(r => r.Replay).ToList();
        return list.Count == 0
            ? "no completion"
            : string.Join("; ", list.Select(r => $"replay {r.Replay} attempt {r.Attempt} {r.Outcome} on {r.Worker} {Format(r.StartedAt)}..{Format(r.CompletedAt)}"));
    }

    static string Format(DateTimeOffset? at) => at?.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";
}
