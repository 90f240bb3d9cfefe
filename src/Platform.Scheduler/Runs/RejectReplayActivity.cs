using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;

namespace Platform.Scheduler.Runs;

/// <summary>A replay the run cannot take is rejected and audited, not silently dropped: the run ended without giving up
/// (it succeeded, was cancelled or skipped), the command means a replay that was already replayed or has not happened,
/// or the run already holds a replay until it gives up.</summary>
public sealed class RejectReplayActivity(AuditTrail audit) : StateMachineActivity<RunState, ReplayJobRun>
{
    protected override Task Apply(BehaviorContext<RunState, ReplayJobRun> context) =>
        audit.RejectAsync(context, nameof(ReplayJobRun), context.Saga.JobId, [Why(context.Saga, context.Message)]);

    static FieldError Why(RunState run, ReplayJobRun command) => command.Replay switch
    {
        { } replay when replay < run.Replay => new FieldError
        {
            Field = "replay",
            Message = replay == 0
                ? $"run {run.CorrelationId} was already replayed (it is at replay {run.Replay})"
                : $"replay {replay} of run {run.CorrelationId} was already replayed (the run is at replay {run.Replay})",
        },
        { } replay when replay > run.Replay => new FieldError
        {
            Field = "replay",
            Message = $"run {run.CorrelationId} has no replay {replay} (it is at replay {run.Replay})",
        },
        _ when run.HeldReplay is not null => new FieldError
        {
            Field = "runId",
            Message = $"run {run.CorrelationId} is {run.CurrentState} and already holds a replay for when it gives up",
        },
        _ => new FieldError
        {
            Field = "runId",
            Message = $"run {run.CorrelationId} is {run.CurrentState}: only a dead-lettered or timed-out run can be replayed",
        },
    };
}
