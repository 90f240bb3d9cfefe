using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;

namespace Platform.Scheduler.Runs;

/// <summary>A replay that reached a run still on its way: kept on the run until it gives up (then carried out) or ends
/// otherwise (then rejected). Audited as accepted and held.</summary>
public sealed class HoldReplayActivity(AuditTrail audit) : StateMachineActivity<RunState, ReplayJobRun>
{
    protected override Task Apply(BehaviorContext<RunState, ReplayJobRun> context)
    {
        var run = context.Saga;
        run.HeldReplay = HeldReplay.Of(context).ToJson();
        audit.Record(context, nameof(ReplayJobRun), run.JobId, accepted: true,
            $"held: run {run.CorrelationId} is {run.CurrentState}; it is replayed if it gives up");
        return Task.CompletedTask;
    }
}
