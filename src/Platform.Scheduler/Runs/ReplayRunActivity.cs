using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>A dead-lettered run replayed by an operator (the worker that kept it re-dispatches it as attempt 1 of a new
/// replay): the run starts over, is counted in progress on its job again, and is reported queued. SLA timers belong to
/// the original run and are not restarted. The command is audited as accepted.</summary>
public sealed class ReplayRunActivity(AuditTrail audit, TimeProvider clock) : StateMachineActivity<RunState, ReplayJobRun>
{
    protected override async Task Apply(BehaviorContext<RunState, ReplayJobRun> context)
    {
        var run = context.Saga;
        run.Replay++;
        run.Attempt = 0;
        run.Error = context.Message.Reason;
        run.TimedOut = false;
        run.FinishedAt = null;
        run.StartedAt = null;
        run.QueuedAt = clock.GetUtcNow();
        audit.Record(context, nameof(ReplayJobRun), run.JobId, accepted: true,
            $"replay {run.Replay} of run {run.CorrelationId}" + (context.Message.Reason is { Length: > 0 } reason ? $": {reason}" : ""));
        await context.Publish(new RunReplayed { JobId = run.JobId, RunId = run.CorrelationId });
        await context.Publish(new JobRunQueued
        {
            JobId = run.JobId,
            RunId = run.CorrelationId,
            Attempt = 1,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = run.JobType,
            Priority = context.Message.Priority ?? run.Priority,
        });
    }
}
