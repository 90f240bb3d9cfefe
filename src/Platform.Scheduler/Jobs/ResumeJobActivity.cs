using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Persistence;
using Platform.Triggers;

namespace Platform.Scheduler.Jobs;

/// <summary>Fires the trigger again; occurrences that passed while paused follow the job's misfire policy.</summary>
public sealed class ResumeJobActivity(SchedulerDbContext db, TriggerStore triggers, AuditTrail audit, TimeProvider clock) : StateMachineActivity<JobState, ResumeJob>
{
    protected override async Task Apply(BehaviorContext<JobState, ResumeJob> context)
    {
        await triggers.ResumeAsync(db, context.Saga.CorrelationId, clock.GetUtcNow(), context.CancellationToken);
        audit.Record(context, nameof(ResumeJob), context.Saga.CorrelationId, accepted: true, context.Message.Reason ?? "resumed");
        await context.Publish(new JobResumed { JobId = context.Saga.CorrelationId, Reason = context.Message.Reason });
    }
}
