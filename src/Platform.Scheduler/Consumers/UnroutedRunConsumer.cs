using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Messaging;

namespace Platform.Scheduler.Consumers;

/// <summary>
/// Receives runs that no worker queue is bound for (the runs exchange's alternate exchange). A worker that is merely
/// stopped keeps its queue and bindings, so its runs wait there; landing here means no worker has ever registered a
/// handler for the job type. The run fails and is dead-lettered at once with that reason instead of vanishing.
/// </summary>
public sealed class UnroutedRunConsumer(TimeProvider clock, ILogger<UnroutedRunConsumer> logger) : IConsumer<ExecuteJobRun>
{
    public async Task Consume(ConsumeContext<ExecuteJobRun> context)
    {
        var message = context.Message;
        using var scope = logger.BeginRunScope(message.JobId, message.RunId, message.JobType, message.Attempt);
        var now = clock.GetUtcNow();
        var error = $"No worker has a handler for job type '{message.JobType}': register one with AddPlatformWorker(w => w.AddHandler<...>(\"{message.JobType}\"))";
        logger.LogError("Run {RunId} of job {JobId}: {Error}", message.RunId, message.JobId, error);

        await context.Publish(new JobRunFailed
        {
            JobId = message.JobId,
            RunId = message.RunId,
            Attempt = message.Attempt,
            Replay = message.Replay,
            ScheduledFor = message.ScheduledFor,
            FiredAt = message.FiredAt,
            FinishedAt = now,
            Error = error,
            WillRetry = false,
        });
        await context.Publish(new JobRunDeadLettered
        {
            JobId = message.JobId,
            RunId = message.RunId,
            Attempt = message.Attempt,
            Replay = message.Replay,
            ScheduledFor = message.ScheduledFor,
            FiredAt = message.FiredAt,
            FinishedAt = now,
            Error = error,
        });
    }
}
