using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Scheduler.Persistence;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Runs;

/// <summary>
/// A run with dependencies starts once, for every parent job, the parent's latest run that ended after this run's
/// scheduled time succeeded; it is skipped when that run of a parent gave up (dead-lettered or timed out). A parent
/// with no such run yet keeps the run waiting (its SLA start deadline, if any, tells operators).
/// </summary>
public sealed class CheckDependenciesActivity<T>(SchedulerDbContext db) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override async Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        // The parent's run may have ended in this very transaction (the report that ended it published RunEnded, then
        // CheckRunDependencies, in process): the query must see it.
        await db.SaveChangesAsync(context.CancellationToken);
        var parents = JsonSerializer.Deserialize<List<Guid>>(run.DependsOn ?? "[]") ?? [];
        var outcome = DependencyChecks.Met;
        foreach (var parent in parents)
        {
            var latest = await db.Set<RunState>()
                .Where(r => r.JobId == parent && r.FinishedAt != null && r.FinishedAt >= run.ScheduledFor
                    && (r.CurrentState == RunStates.Succeeded || r.CurrentState == RunStates.DeadLettered || r.CurrentState == RunStates.TimedOut))
                .OrderByDescending(r => r.FinishedAt)
                .Select(r => new { r.CorrelationId, r.CurrentState })
                .FirstOrDefaultAsync(context.CancellationToken);
            if (latest is null)
            {
                outcome = DependencyChecks.Waiting;
                continue;
            }

            if (latest.CurrentState != RunStates.Succeeded)
            {
                run.Error = $"parent job {parent}: its run {latest.CorrelationId} ended {latest.CurrentState} after this run's scheduled time";
                outcome = DependencyChecks.ParentFailed;
                break;
            }
        }

        run.DependencyCheck = outcome;
    }
}
