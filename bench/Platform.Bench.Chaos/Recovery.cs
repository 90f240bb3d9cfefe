using System.Globalization;

namespace Platform.Bench.Chaos;

/// <summary>How the platform came through one server fault, from the worker ledger: the longest gap between two successful
/// runs from 10 s before the fault to a minute after it ended (or to the next fault, when that came sooner), the first
/// success after it ended, when first attempts started on time again (less than 1 s late, for 10 s of due runs in a row),
/// and the worst start lateness meanwhile.</summary>
public sealed record Recovery(ServerFault Fault, TimeSpan LongestGap, TimeSpan? FirstSuccessAfterBack, TimeSpan? OnTimeAgain, TimeSpan MaxLateness)
{
    static readonly TimeSpan OnTime = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Steady = TimeSpan.FromSeconds(10);

    /// <param name="fault">The fault.</param>
    /// <param name="next">The fault after it, if any.</param>
    /// <param name="ledger">Every completion in the worker ledger.</param>
    /// <param name="firstAttempts">The ledger's completions of first attempts (replay 0).</param>
    public static Recovery Of(ServerFault fault, ServerFault? next, IReadOnlyList<LedgerRow> ledger, IReadOnlyList<LedgerRow> firstAttempts)
    {
        var from = fault.Began - TimeSpan.FromSeconds(10);
        var to = fault.Back + TimeSpan.FromMinutes(1);
        if (next is not null && next.Began < to)
            to = next.Began;
        var successes = ledger.Where(l => l.Outcome == "Succeeded" && l.CompletedAt >= from && l.CompletedAt <= to)
            .Select(l => l.CompletedAt).Order().ToList();
        var gap = successes.Zip(successes.Skip(1), (a, b) => b - a).DefaultIfEmpty(to - from).Max();
        var firstAfter = ledger.Where(l => l.Outcome == "Succeeded" && l.CompletedAt > fault.Back).Select(l => (DateTimeOffset?)l.CompletedAt).Min();

        var since = firstAttempts.Where(l => l.ScheduledFor >= fault.Began)
            .Select(l => (l.ScheduledFor, Lateness: l.StartedAt - l.ScheduledFor)).OrderBy(l => l.ScheduledFor).ToList();
        TimeSpan? onTimeAgain = null;
        for (var i = 0; i < since.Count && onTimeAgain is null; i++)
        {
            var start = since[i].ScheduledFor;
            var window = since.Skip(i).TakeWhile(l => l.ScheduledFor < start + Steady).ToList();
            if (since[^1].ScheduledFor >= start + Steady && window.All(l => l.Lateness < OnTime))
                onTimeAgain = start - fault.Began;
        }

        var max = since.Where(l => l.ScheduledFor <= to).Select(l => l.Lateness).DefaultIfEmpty().Max();
        return new Recovery(fault, gap, firstAfter - fault.Back, onTimeAgain, max);
    }

    public string Row() =>
        $"| {Fault.What} | {Fault.Began:HH:mm:ss.fff} | {Seconds(Fault.Back - Fault.Began)} | {Seconds(LongestGap)} | {Seconds(FirstSuccessAfterBack)} | " +
        $"{Seconds(OnTimeAgain)} | {Seconds(MaxLateness)} |";

    static string Seconds(TimeSpan? span) => span is { } value ? value.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) : "never";
}
