using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

/// <summary>TriggerJobNow: one run now, outside the schedule (the overlap policy does not apply: an operator asked).</summary>
public sealed class RunNowActivity(AuditTrail audit, TimeProvider clock) : StateMachineActivity<JobState, TriggerJobNow>
{
    protected override async Task Apply(BehaviorContext<JobState, TriggerJobNow> context)
    {
        var now = clock.GetUtcNow();
        audit.Record(context, nameof(TriggerJobNow), context.Saga.CorrelationId, accepted: true, context.Message.Reason ?? "run now");
        await context.StartRun(context.Saga, now, now, "triggered now" + (context.Message.Reason is { } reason ? $": {reason}" : ""));
    }
}
