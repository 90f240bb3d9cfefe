using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;

namespace Platform.Scheduler.Runs;

/// <summary>A replay of a run that ended without giving up (it succeeded, was cancelled or skipped) is rejected and
/// audited, not silently dropped: only a dead-lettered or timed-out run can be replayed.</summary>
public sealed class RejectReplayActivity(AuditTrail audit) : StateMachineActivity<RunState, ReplayJobRun>
{
    protected override Task Apply(BehaviorContext<RunState, ReplayJobRun> context)
    {
        var run = context.Saga;
        var error = new FieldError
        {
            Field = "runId",
            Message = $"run {run.CorrelationId} is {run.CurrentState}: only a dead-lettered or timed-out run can be replayed",
        };
        return audit.RejectAsync(context, nameof(ReplayJobRun), run.JobId, [error]);
    }
}
