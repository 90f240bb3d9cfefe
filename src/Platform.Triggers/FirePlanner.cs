using Platform.Contracts;
using Platform.Scheduling;

namespace Platform.Triggers;

/// <summary>One occurrence decided by the planner.</summary>
public readonly record struct PlannedFire(DateTimeOffset ScheduledFor, FireKind Kind)
{
    /// <summary>Whether this occurrence starts a run.</summary>
    public bool Runs => Kind is FireKind.OnTime or FireKind.Misfired or FireKind.CaughtUp;
}

/// <summary>What firing one claimed occurrence does: the occurrences it fires or records as missed, the next occurrence,
/// and how many runs it adds to the trigger's count.</summary>
public sealed record FirePlan(IReadOnlyList<PlannedFire> Fires, DateTimeOffset? Next, int Runs);

/// <summary>
/// The pure decision behind every fire, misfires included. An occurrence is on time while it is at most
/// <c>misfireThreshold</c> late; beyond that every occurrence between it and now has been missed, and the job's policy
/// decides: FireOnce runs the latest of them once (the others are recorded as coalesced), Skip records each as missed,
/// CatchUp runs each, oldest first, up to a limit (the rest recorded as missed). maxRuns counts runs, not missed
/// occurrences.
/// </summary>
public static class FirePlanner
{
    public static FirePlan Plan(DateTimeOffset scheduledFor, MisfirePolicy policy, int? maxRuns, int fireCount, ITriggerSchedule times,
        DateTimeOffset now, TimeSpan misfireThreshold, int catchUpLimit, int missedLimit)
    {
        var remaining = maxRuns is { } max ? Math.Max(0, max - fireCount) : int.MaxValue;
        if (remaining == 0)
            return new FirePlan([], null, 0);

        if (now - scheduledFor <= misfireThreshold)
        {
            var next = remaining == 1 ? null : times.Next(scheduledFor);
            return new FirePlan([new PlannedFire(scheduledFor, FireKind.OnTime)], next, 1);
        }

        List<DateTimeOffset> missed = [scheduledFor, .. times.Between(scheduledFor, now).Take(missedLimit - 1)];

        var fires = new List<PlannedFire>(missed.Count);
        switch (policy)
        {
            case MisfirePolicy.Skip:
                fires.AddRange(missed.Select(m => new PlannedFire(m, FireKind.Missed)));
                break;
            case MisfirePolicy.CatchUp:
                var run = Math.Min(Math.Min(catchUpLimit, remaining), missed.Count);
                fires.AddRange(missed.Take(run).Select(m => new PlannedFire(m, FireKind.CaughtUp)));
                fires.AddRange(missed.Skip(run).Select(m => new PlannedFire(m, FireKind.Missed)));
                break;
            default:
                fires.AddRange(missed.Take(missed.Count - 1).Select(m => new PlannedFire(m, FireKind.Coalesced)));
                fires.Add(new PlannedFire(missed[^1], FireKind.Misfired));
                break;
        }

        var runs = fires.Count(f => f.Runs);
        // Occurrences beyond missedLimit are skipped without a record of their own; the schedule resumes after now.
        var nextOccurrence = runs >= remaining ? null : times.Next(now);
        return new FirePlan(fires, nextOccurrence, runs);
    }
}
