using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>A running run is cancelled by its worker: the broadcast reaches the worker, which cancels the handler's token
/// and reports <see cref="JobRunCancelled"/>.</summary>
public sealed class CancelWhileRunningActivity : StateMachineActivity<RunState, CancelRun>
{
    protected override Task Apply(BehaviorContext<RunState, CancelRun> context)
    {
        context.Saga.CancelRequested = true;
        return context.Publish(new CancelJobRun { JobId = context.Saga.JobId, RunId = context.Saga.CorrelationId, Reason = context.Message.Reason });
    }
}
