using System.Security.Cryptography;
using System.Text;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>
/// Tells the platform how an attempt ended: the outcome is recorded in the ledger before its events are published and
/// before the delivery is acknowledged; a failure that will be retried schedules the next attempt through the message
/// scheduler; a redelivered attempt that already ended publishes its events again only if the worker that recorded them
/// died before publishing them.
/// </summary>
internal sealed class RunReporter(
    IRunLedger ledger,
    WorkerIdentity worker,
    WorkerQueues queues,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<RunReporter> logger)
{
    /// <param name="context">The attempt's delivery.</param>
    /// <param name="result">How the handler's part ended.</param>
    /// <param name="span">The attempt's span (<see cref="AttemptSpan"/>), tagged with the outcome.</param>
    public async Task FinishAsync(ConsumeContext<ExecuteJobRun> context, AttemptResult result, Activity? span)
    {
        var run = context.Message;
        var key = RunKey.Of(run);
        var (outcome, deadLetter, policy) = AttemptOutcome.Decide(run, result, worker.Name, options.Value.DefaultRetry.ToPolicy(), Random.Shared.NextDouble());
        var duration = result.FinishedAt - result.StartedAt;
        switch (outcome.Outcome)
        {
            case RunOutcomeKind.Cancelled:
                logger.LogInformation("Run {Run} ({JobType}) attempt {Attempt} was cancelled after {Duration} ms: {Reason}", key, run.JobType, run.Attempt,
                    duration.TotalMilliseconds, outcome.Error);
                break;
            case RunOutcomeKind.Failed:
                await context.ScheduleSend(queues.For(run.Priority).Exchange, outcome.NextAttemptAt!.Value.UtcDateTime, run with { Attempt = run.Attempt + 1 },
                    Pipe.Execute<SendContext<ExecuteJobRun>>(s => s.SetPriority(Priority(run))));
                logger.LogWarning(result.Failure, "Run {Run} ({JobType}) attempt {Attempt} of {MaxAttempts} failed{TimedOut}; next attempt at {NextAttemptAt:O}",
                    key, run.JobType, run.Attempt, policy.MaxAttempts, result.TimedOut ? " (timed out)" : "", outcome.NextAttemptAt);
                break;
            case RunOutcomeKind.DeadLettered:
                logger.LogError(result.Failure, "Run {Run} ({JobType}) attempt {Attempt} failed{TimedOut} and is dead-lettered: {Why}", key, run.JobType,
                    run.Attempt, result.TimedOut ? " (timed out)" : "",
                    result.Failure is PermanentJobFailureException ? "the failure is permanent" : $"no attempts left of {policy.MaxAttempts}");
                break;
            default:
                logger.LogInformation("Run {Run} ({JobType}) succeeded in {Duration} ms", key, run.JobType, duration.TotalMilliseconds);
                break;
        }

        if (!await ledger.RecordAsync(outcome, deadLetter, CancellationToken.None))
        {
            logger.LogWarning("Run {Run} ({JobType}): another worker recorded this attempt's outcome first (its lease had expired); not reporting it twice",
                key, run.JobType);
            metrics.Outcome(run.JobType, "duplicate", duration);
            return;
        }

        var name = outcome.Outcome switch
        {
            RunOutcomeKind.Succeeded => "succeeded",
            RunOutcomeKind.DeadLettered => "dead_lettered",
            RunOutcomeKind.Cancelled => "cancelled",
            _ => result.TimedOut ? "timed_out" : "failed",
        };
        AttemptSpan.Record(span, outcome, name, result.Failure);
        await PublishAsync(context, outcome);
        metrics.Outcome(run.JobType, name, duration);
    }

    /// <summary>A redelivered attempt that already ended: acknowledged without running it again.</summary>
    public async Task DuplicateAsync(ConsumeContext<ExecuteJobRun> context, RunOutcome outcome)
    {
        var run = context.Message;
        metrics.Outcome(run.JobType, "duplicate");
        logger.LogInformation("Run {Run} ({JobType}) already ended ({Outcome} by {Worker} at attempt {Attempt}): acknowledged without running it again",
            RunKey.Of(run), run.JobType, outcome.Outcome, outcome.Worker, outcome.Key.Attempt);
        if (!outcome.Published)
            await PublishAsync(context, outcome);
    }

    /// <summary>The run was cancelled before this attempt started: acknowledged without running the handler.</summary>
    public async Task CancelledBeforeStartAsync(ConsumeContext<ExecuteJobRun> context, string reason)
    {
        var run = context.Message;
        metrics.Outcome(run.JobType, "cancelled");
        logger.LogInformation("Run {Run} ({JobType}) was cancelled before it started ({Reason}): acknowledged without running it", RunKey.Of(run),
            run.JobType, reason);
        await context.Publish(RunEvents.CancelledBeforeStart(run, reason, clock.GetUtcNow()));
    }

    /// <summary>Only reachable when a queue is bound to a type this process does not handle (a misconfigured deployment):
    /// the run is dead-lettered with that reason.</summary>
    public async Task NoHandlerAsync(ConsumeContext<ExecuteJobRun> context)
    {
        var run = context.Message;
        var now = clock.GetUtcNow();
        var error = $"This worker ({worker.Name}) has no handler for job type '{run.JobType}'";
        logger.LogError("Run {Run}: {Error}", RunKey.Of(run), error);
        foreach (var message in RunEvents.Of(new RunOutcome
                 {
                     Key = RunKey.Of(run),
                     JobId = run.JobId,
                     JobType = run.JobType,
                     Outcome = RunOutcomeKind.DeadLettered,
                     Worker = worker.Name,
                     ScheduledFor = run.ScheduledFor,
                     FiredAt = run.FiredAt,
                     StartedAt = now,
                     FinishedAt = now,
                     Error = error,
                 }))
            await context.Publish(message);
    }

    /// <summary>The breaker of the run's type is open: the same attempt comes back at <paramref name="until"/>.</summary>
    public async Task HoldBackAsync(ConsumeContext<ExecuteJobRun> context, DateTimeOffset until)
    {
        var run = context.Message;
        await context.ScheduleSend(queues.For(run.Priority).Exchange, until.UtcDateTime, run,
            Pipe.Execute<SendContext<ExecuteJobRun>>(s => s.SetPriority(Priority(run))));
        metrics.Outcome(run.JobType, "held_back");
        logger.LogInformation("Run {Run} ({JobType}) held back until {Until:O}: the job type's circuit breaker is open", RunKey.Of(run), run.JobType, until);
    }

    /// <summary>Publishes the outcome's events, each with a message id derived from the attempt and the event type: an
    /// outcome announced again (the worker died, or the database failed, between publishing and marking it published)
    /// carries the same ids, so a subscriber's inbox drops the copy.</summary>
    async Task PublishAsync(ConsumeContext context, RunOutcome outcome)
    {
        foreach (var message in RunEvents.Of(outcome))
        {
            var id = EventId(outcome.Key, message.GetType());
            await context.Publish(message, Pipe.Execute<PublishContext>(p => p.MessageId = id));
        }

        await ledger.MarkPublishedAsync(outcome.Key, outcome.Worker, CancellationToken.None);
    }

    internal static Guid EventId(RunKey key, Type eventType) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"platform-run-event/{key.RunId:N}/{key.Replay}/{key.Attempt}/{eventType.Name}")).AsSpan(0, 16));

    static byte Priority(ExecuteJobRun run) => (byte)Math.Clamp(run.Priority, 0, PlatformTopology.MaxPriority);
}
