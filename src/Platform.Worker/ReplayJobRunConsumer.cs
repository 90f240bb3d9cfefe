using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Ledger;

namespace Platform.Worker;

/// <summary>
/// Re-dispatches a dead-lettered run this worker service keeps: attempt 1 of the next replay, published to the runs
/// exchange like a fired run (with any replacement the command carries), and <see cref="JobRunQueued"/>. A duplicate
/// command (the run was already replayed as that number) and a run this service does not hold are logged and ignored.
/// </summary>
internal sealed class ReplayJobRunConsumer(
    JobHandlerRegistry registry,
    IRunLedger ledger,
    TimeProvider clock,
    ILogger<ReplayJobRunConsumer> logger) : IConsumer<ReplayJobRun>
{
    public async Task Consume(ConsumeContext<ReplayJobRun> context)
    {
        var command = context.Message;
        using var scope = logger.BeginRunScope(command.JobId, command.RunId, command.JobType);
        if (!registry.Handles(command.JobType))
            return;

        var deadLetter = await ledger.FindDeadLetterAsync(command.RunId, context.CancellationToken);
        if (deadLetter is null || deadLetter.Run.JobId != command.JobId)
        {
            logger.LogWarning("ReplayJobRun for run {RunId} of job {JobId} ignored: this worker keeps no such dead-lettered run{Hint}", command.RunId,
                command.JobId, ledger.IsDurable ? "" : " (its memory is in-process only: no Platform:Worker:ConnectionString)");
            return;
        }

        var replay = deadLetter.Run.Replay + 1;
        var run = deadLetter.Run with
        {
            Attempt = 1,
            Replay = replay,
            Payload = command.Payload ?? deadLetter.Run.Payload,
            Priority = Math.Clamp(command.Priority ?? deadLetter.Run.Priority, 0, Platform.Messaging.PlatformTopology.MaxPriority),
            Retry = command.Retry ?? deadLetter.Run.Retry,
            Timeout = command.Timeout ?? deadLetter.Run.Timeout,
        };

        // Published before it is marked: a crash in between re-publishes the same replay, which the ledger recognises.
        if (deadLetter.ReplayedAs >= replay)
        {
            logger.LogInformation("ReplayJobRun for run {RunId} ignored: already replayed as replay {Replay}", command.RunId, deadLetter.ReplayedAs);
            return;
        }

        await context.Publish(run, x => x.SetPriority((byte)run.Priority));
        await context.Publish(new JobRunQueued
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            JobType = run.JobType,
            Priority = run.Priority,
        });
        await ledger.MarkReplayedAsync(run.RunId, replay, command.Reason, clock.GetUtcNow(), context.CancellationToken);
        logger.LogInformation("Run {RunId} of job {JobId} ({JobType}) replayed as replay {Replay}: {Reason}", run.RunId, run.JobId, run.JobType, replay,
            command.Reason);
    }
}
