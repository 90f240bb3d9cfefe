using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;

namespace Platform.Scheduler.Runs;

/// <summary>A run that held a replay ended without giving up (it succeeded, was cancelled or skipped): the held replay
/// is dropped and rejected (<see cref="JobRejected"/>), audited under its sender and message id.</summary>
public sealed class DropHeldReplayActivity<T>(AuditTrail audit) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        if (run.HeldReplay is not { } json)
            return Task.CompletedTask;
        var held = HeldReplay.FromJson(json);
        run.HeldReplay = null;
        var error = new FieldError
        {
            Field = "runId",
            Message = $"run {run.CorrelationId} ended {run.CurrentState} without giving up: the replay it held is dropped",
        };
        return audit.RejectAsync(context, nameof(ReplayJobRun), run.JobId, [error], held.Sender, held.MessageId);
    }
}
