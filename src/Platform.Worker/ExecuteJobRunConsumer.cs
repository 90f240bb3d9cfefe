using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Contracts;

namespace Platform.Worker;

/// <summary>Executes one attempt of a run with the handler registered for its job type, reporting
/// <see cref="JobRunStarted"/> and then <see cref="JobRunSucceeded"/> or <see cref="JobRunFailed"/>.</summary>
public sealed class ExecuteJobRunConsumer(
    IServiceProvider services,
    JobHandlerRegistry registry,
    WorkerIdentity worker,
    TimeProvider clock,
    ILogger<ExecuteJobRunConsumer> logger) : IConsumer<ExecuteJobRun>
{
    public async Task Consume(ConsumeContext<ExecuteJobRun> context)
    {
        var run = context.Message;
        var startedAt = clock.GetUtcNow();
        if (!registry.TryGet(run.JobType, out var handlerType))
        {
            // Only reachable when a queue is bound to a type this process does not handle (a misconfigured deployment).
            await PublishFailed(context, startedAt, $"This worker ({worker.Name}) has no handler for job type '{run.JobType}'", timedOut: false);
            return;
        }

        await context.Publish(new JobRunStarted
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = startedAt,
            Worker = worker.Name,
        });

        using var timeout = run.Timeout is { } limit ? new CancellationTokenSource(limit, clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, timeout.Token);
        var handler = (IJobHandler)services.GetRequiredService(handlerType);
        var runContext = new JobRunContext
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            JobType = run.JobType,
            ScheduledFor = run.ScheduledFor,
            Payload = run.Payload,
        };

        try
        {
            await handler.HandleAsync(runContext, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            await PublishFailed(context, startedAt, $"Timed out after {run.Timeout}", timedOut: true);
            return;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Run {RunId} of job {JobId} ({JobType}) attempt {Attempt} failed", run.RunId, run.JobId, run.JobType,
                run.Attempt);
            await PublishFailed(context, startedAt, $"{exception.GetType().Name}: {exception.Message}", timedOut: false);
            return;
        }

        var finishedAt = clock.GetUtcNow();
        logger.LogInformation("Run {RunId} of job {JobId} ({JobType}) succeeded in {Duration} ms", run.RunId, run.JobId, run.JobType,
            (finishedAt - startedAt).TotalMilliseconds);
        await context.Publish(new JobRunSucceeded
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Worker = worker.Name,
        });
    }

    Task PublishFailed(ConsumeContext<ExecuteJobRun> context, DateTimeOffset startedAt, string error, bool timedOut)
    {
        var run = context.Message;
        return context.Publish(new JobRunFailed
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = startedAt,
            FinishedAt = clock.GetUtcNow(),
            Worker = worker.Name,
            Error = error,
            TimedOut = timedOut,
            WillRetry = false,
        });
    }
}
