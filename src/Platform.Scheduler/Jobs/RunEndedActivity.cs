using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Jobs;

/// <summary>A run of the job ended: it no longer counts as in progress, runs of child jobs waiting for it look again,
/// and the oldest queued occurrence (overlap policy Queue) starts now, unless the job is paused, cancelled or replaced.</summary>
public sealed class RunEndedActivity(SchedulerDbContext db, TimeProvider clock) : StateMachineActivity<JobState, RunEnded>
{
    // Runs in state {0} whose parents (jsonb array) include {1}.
    const string WaitingOnParent = $"select * from {SchedulerTables.QualifiedRuns} where current_state = {{0}} and depends_on @> {{1}}::jsonb";

    protected override async Task Apply(BehaviorContext<JobState, RunEnded> context)
    {
        var job = context.Saga;
        job.ActiveRuns = Math.Max(0, job.ActiveRuns - 1);
        if (job.LastRunId == context.Message.RunId || job.LastRunFinishedAt is null || context.Message.FinishedAt > job.LastRunFinishedAt)
        {
            job.LastRunOutcome = context.Message.Outcome;
            job.LastRunFinishedAt = context.Message.FinishedAt;
        }

        // Runs of other jobs waiting for this one (dependsOn) look at their parents again; only a job some other job
        // depends on has any, so most run ends skip the query.
        if (job.HasDependents)
        {
            // Waiting runs an earlier message of this transaction requested are saved first, so the query finds them.
            await db.SaveChangesAsync(context.CancellationToken);
            var parent = JsonSerializer.Serialize(new[] { job.CorrelationId });
            var waiting = await db.Set<RunState>()
                .FromSqlRaw(WaitingOnParent, RunStates.WaitingForDependencies, parent)
                .Select(r => r.CorrelationId)
                .ToListAsync(context.CancellationToken);
            foreach (var runId in waiting)
                await context.Publish(new CheckRunDependencies { RunId = runId });
        }

        var queue = JobQueue.Read(job);
        if (queue.Count == 0 || job.CurrentState != JobStates.Active)
            return;
        var next = queue[0];
        var cause = JobQueue.CauseOf(job, next) ?? "queued behind the previous run";
        queue.RemoveAt(0);
        JobQueue.Write(job, queue);
        await context.StartRun(job, next, clock.GetUtcNow(), cause);
    }
}
