using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>
/// Runs one claimed attempt's handler: reports its start (<see cref="StartReport"/>), heartbeats and renews its lease while
/// it runs, and ends it when it returns, throws, times out, its run is cancelled (the attempt ends as cancelled whatever
/// the handler does then) or the drain time of a stopping worker is over (the run is handed back). A handler that ignores
/// its cancelled token gets <see cref="WorkerOptions.CancellationGracePeriod"/>, then is abandoned.
/// </summary>
internal sealed class AttemptRunner(
    WorkerIdentity worker,
    IRunLedger ledger,
    WorkerLifetime lifetime,
    RunCancellations cancellations,
    WorkerMetrics metrics,
    RunHandBack handBack,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<AttemptRunner> logger)
{
    readonly WorkerOptions _options = options.Value;

    /// <param name="context">The attempt's delivery.</param>
    /// <param name="services">The delivery's scope, which the handler is resolved from.</param>
    /// <param name="jobType">The run's job type, the key of its handler.</param>
    /// <param name="key">The attempt, whose lease this worker holds.</param>
    /// <param name="cancellation">The run's cancellation as this process hears of it.</param>
    public async Task<AttemptResult> RunAsync(ConsumeContext<ExecuteJobRun> context, IServiceProvider services, string jobType, RunKey key,
        RunCancellations.TrackedRun cancellation)
    {
        var run = context.Message;
        var startedAt = clock.GetUtcNow();
        metrics.Started(run, startedAt);

        using var timeout = run.Timeout is { } limit && limit > TimeSpan.Zero ? new CancellationTokenSource(limit, clock) : new CancellationTokenSource();
        // Not linked to the delivery's own token: losing the broker connection must not kill a long run (the lease keeps
        // the redelivered copy waiting until this one ends). Only the timeout, the run's cancellation and a stopping
        // worker's drain time cancel it.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.DrainExpired, cancellation.Token);
        Exception? failure = null;
        await using (await StartReport.BeginAsync(context, RunEvents.Started(run, startedAt, worker.Name), run.ReportStart, _options.StartedReportDelay,
                         clock, logger))
        {
            var heartbeat = RunHeartbeat.Start(RunEvents.Heartbeat(run, worker.Name), (beat, ct) => context.Publish(beat, ct),
                ct => RenewAsync(key, cancellation, ct), _options.HeartbeatInterval, _options.HeartbeatThrottle, clock, logger);
            await using (heartbeat)
                failure = await HandleAsync(run, services, jobType, heartbeat, key, cancel.Token);
        }

        var finishedAt = clock.GetUtcNow();
        // Cancelled: whatever the handler did (honoured the token, failed, succeeded meanwhile or was abandoned), the run
        // is over; this takes precedence over a timeout or a drain that came at the same time.
        if (cancellation.IsCancellationRequested)
            return new AttemptResult(startedAt, finishedAt, failure, TimedOut: false, CancelledBecause: cancellation.Reason);
        if (failure is OperationCanceledException && timeout.IsCancellationRequested)
            return new AttemptResult(startedAt, finishedAt, new TimeoutException($"Timed out after {run.Timeout}"), TimedOut: true);
        if (failure is OperationCanceledException && lifetime.DrainExpired.IsCancellationRequested)
        {
            await handBack.ReleaseAsync(key);
            metrics.Outcome(run.JobType, "handed_back", finishedAt - startedAt);
            throw handBack.Because(run, HandBackReason.Stopping, $"the drain time ({_options.DrainTimeout}) of the stopping worker is over");
        }

        return new AttemptResult(startedAt, finishedAt, failure, TimedOut: false);
    }

    /// <summary>Runs the handler until it ends or, once <paramref name="cancel"/> is cancelled, until the grace period is
    /// over; returns its failure (an <see cref="OperationCanceledException"/> for one abandoned), or null.</summary>
    async Task<Exception?> HandleAsync(ExecuteJobRun run, IServiceProvider services, string jobType, RunHeartbeat heartbeat, RunKey key,
        CancellationToken cancel)
    {
        var runContext = new JobRunContext
        {
            JobId = run.JobId,
            RunId = run.RunId,
            Attempt = run.Attempt,
            Replay = run.Replay,
            JobType = run.JobType,
            ScheduledFor = run.ScheduledFor,
            Priority = run.Priority,
            Payload = run.Payload,
            Worker = worker.Name,
            Heartbeats = heartbeat,
        };
        Task? handling = null;
        try
        {
            var handler = services.GetRequiredKeyedService<IJobHandler>(jobType);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (cancel.Register(() => stopped.TrySetResult()))
            {
                handling = handler.HandleAsync(runContext, cancel);
                await Task.WhenAny(handling, stopped.Task);
            }

            if (!handling.IsCompleted)
                await GraceAsync(handling);
            if (!handling.IsCompleted)
                throw new OperationCanceledException(cancel);
            await handling;
            return null;
        }
        catch (Exception exception)
        {
            if (handling is { IsCompleted: false })
            {
                logger.LogWarning("The handler of {JobType} ignored cancellation of run {Run} for {Grace}; it is left running unobserved", run.JobType,
                    key, _options.CancellationGracePeriod);
                _ = handling.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            return exception;
        }
    }

    /// <summary>The handler's token was cancelled: it gets <see cref="WorkerOptions.CancellationGracePeriod"/> to end.</summary>
    async Task GraceAsync(Task handling)
    {
        using var ended = new CancellationTokenSource();
        var grace = Task.Delay(_options.CancellationGracePeriod, clock, ended.Token);
        await Task.WhenAny(handling, grace);
        await ended.CancelAsync();
    }

    /// <summary>Renews the lease, and cancels the attempt if its run was cancelled while the broadcast did not reach this
    /// process (its connection was down when <see cref="CancelJobRun"/> was published, and another process recorded it).</summary>
    async Task RenewAsync(RunKey key, RunCancellations.TrackedRun cancellation, CancellationToken cancellationToken)
    {
        await ledger.RenewAsync(key, worker.Name, clock.GetUtcNow(), cancellationToken);
        if (cancellation.IsCancellationRequested || await ledger.FindCancellationAsync(key.RunId, cancellationToken) is not { } cancelled)
            return;
        logger.LogInformation("Run {Run} was cancelled ({Reason}) without this worker hearing of it: cancelling its handler now", key, cancelled.Reason);
        cancellations.Cancel(key.RunId, cancelled.Reason);
    }
}
