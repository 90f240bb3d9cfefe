using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Persistence;
using Platform.Triggers;

namespace Platform.Scheduler.Jobs;

/// <summary>Stops the trigger firing (what passes meanwhile follows the misfire policy on resume).</summary>
public sealed class PauseJobActivity(SchedulerDbContext db, AuditTrail audit) : StateMachineActivity<JobState, PauseJob>
{
    protected override async Task Apply(BehaviorContext<JobState, PauseJob> context)
    {
        await TriggerStore.PauseAsync(db, context.Saga.CorrelationId, context.CancellationToken);
        audit.Record(context, nameof(PauseJob), context.Saga.CorrelationId, accepted: true, context.Message.Reason ?? "paused");
        await context.Publish(new JobPaused { JobId = context.Saga.CorrelationId, Reason = context.Message.Reason });
    }
}
