using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>A run cancelled before it started: workers are told (one that receives the run later drops it) and the run
/// ends as cancelled.</summary>
public sealed class CancelBeforeStartActivity(TimeProvider clock) : StateMachineActivity<RunState, CancelRun>
{
    protected override async Task Apply(BehaviorContext<RunState, CancelRun> context)
    {
        var run = context.Saga;
        run.FinishedAt = clock.GetUtcNow();
        run.Error = context.Message.Reason;
        await context.Publish(new CancelJobRun { JobId = run.JobId, RunId = run.CorrelationId, Reason = context.Message.Reason });
        await context.Publish(new JobRunCancelled
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = run.Attempt,
            Replay = run.Replay,
            ScheduledFor = run.ScheduledFor,
            FinishedAt = run.FinishedAt,
            Reason = context.Message.Reason,
        });
    }
}
