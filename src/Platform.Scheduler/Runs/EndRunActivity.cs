using MassTransit;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>Tells the job its run ended (it may start a queued occurrence or complete) and any waiting child runs to
/// look at their parents again.</summary>
public sealed class EndRunActivity<T>(TimeProvider clock) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        run.FinishedAt ??= clock.GetUtcNow();
        return context.Publish(new RunEnded
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            ScheduledFor = run.ScheduledFor,
            Outcome = run.CurrentState,
            FinishedAt = run.FinishedAt.Value,
        });
    }
}
