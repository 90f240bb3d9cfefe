using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Scheduler.Jobs;

/// <summary>Stops the job for good: the trigger is removed, queued occurrences are dropped, and every run still in
/// progress is cancelled (a running handler is told to stop).</summary>
public sealed class CancelJobActivity(SchedulerDbContext db, AuditTrail audit) : StateMachineActivity<JobState, CancelJob>
{
    protected override async Task Apply(BehaviorContext<JobState, CancelJob> context)
    {
        var job = context.Saga;
        await TriggerStore.RemoveAsync(db, job.CorrelationId, context.CancellationToken);
        foreach (var queued in JobQueue.Read(job))
            await context.Miss(job, queued, "the job was cancelled");
        JobQueue.Write(job, []);
        job.TriggerExhausted = true;

        // Runs an earlier message of this transaction requested are saved first, so the query finds them.
        await db.SaveChangesAsync(context.CancellationToken);
        var active = await db.Set<RunState>()
            .Where(r => r.JobId == job.CorrelationId && RunStates.InProgress.Contains(r.CurrentState))
            .Select(r => r.CorrelationId)
            .ToListAsync(context.CancellationToken);
        foreach (var runId in active)
            await context.Publish(new CancelRun { RunId = runId, Reason = context.Message.Reason ?? "the job was cancelled" });

        audit.Record(context, nameof(CancelJob), job.CorrelationId, accepted: true, context.Message.Reason ?? "cancelled");
        await context.Publish(new JobCancelled { JobId = job.CorrelationId, Reason = context.Message.Reason });
    }
}
