using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Runs;

/// <summary>A dead-lettered or timed-out run replayed by an operator, on the <see cref="ReplayJobRun"/> itself or on the
/// one the run held until it gave up: the run starts over as attempt 1 of its next replay, dispatched to the workers
/// with its definition (the command's payload, priority, retry and timeout replace those of the definition, which later
/// replays keep), is counted in progress on its job again, and is reported queued. SLA timers belong to the original run
/// and are not restarted. The command is audited as accepted.</summary>
public sealed class ReplayRunActivity<T>(AuditTrail audit, TimeProvider clock) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override async Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        var held = run.HeldReplay is { } json ? HeldReplay.FromJson(json) : null;
        var command = held?.Command ?? context.Message as ReplayJobRun
            ?? throw new InvalidOperationException($"Run {run.CorrelationId} has no replay to carry out on {typeof(T).Name}");
        run.HeldReplay = null;

        var definition = JobDefinition.FromJson(run.Definition);
        if (command.Payload is not null || command.Retry is not null || command.Timeout is not null)
        {
            run.Definition = JobDefinition.ToJson(definition with
            {
                Payload = command.Payload ?? definition.Payload,
                Retry = command.Retry ?? definition.Retry,
                Timeout = command.Timeout ?? definition.Timeout,
            });
        }

        run.Priority = command.Priority ?? run.Priority;
        run.Replay++;
        run.Attempt = 1;
        run.Error = command.Reason;
        run.TimedOut = false;
        run.FinishedAt = null;
        run.StartedAt = null;
        run.NextAttemptAt = null;
        run.QueuedAt = clock.GetUtcNow();
        audit.Record(context, nameof(ReplayJobRun), run.JobId, accepted: true,
            $"replay {run.Replay} of run {run.CorrelationId}" + (command.Reason is { Length: > 0 } reason ? $": {reason}" : ""),
            held?.Sender, held?.MessageId);
        await context.Publish(new RunReplayed { JobId = run.JobId, RunId = run.CorrelationId });
        await RunDispatch.PublishAsync(context, command.Reason);
    }
}
