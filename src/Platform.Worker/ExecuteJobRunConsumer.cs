using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>
/// Executes one attempt of a run with the handler registered for its job type. In order: a stopping worker hands the run
/// back; an open circuit breaker holds it back (re-scheduled for the end of the cool-down, no attempt used); it waits for
/// an execution slot (priority first); the ledger recognises an attempt that already ended (acknowledged without running
/// the handler), one a live worker still holds (waited for) and a cancelled run (acknowledged without running, with
/// <see cref="JobRunCancelled"/>); then the handler runs, heartbeating, until it ends, times out, its run is cancelled
/// (<see cref="CancelJobRun"/>: the attempt ends as cancelled) or the drain time of a stopping worker is over (handed
/// back). The outcome is recorded before its events are published and before the message is acknowledged; a failure
/// schedules the next attempt through the message scheduler or, after the last one, dead-letters the run.
/// </summary>
internal sealed class ExecuteJobRunConsumer(
    IServiceProvider services,
    JobHandlerRegistry registry,
    WorkerIdentity worker,
    WorkerQueues queues,
    RunSlots slots,
    JobTypeBreakers breakers,
    IRunLedger ledger,
    WorkerLifetime lifetime,
    RunCancellations cancellations,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<ExecuteJobRunConsumer> logger) : IConsumer<ExecuteJobRun>
{
    readonly WorkerOptions _options = options.Value;

    public async Task Consume(ConsumeContext<ExecuteJobRun> context)
    {
        var run = context.Message;
        if (!registry.TryGet(run.JobType, out var handlerType))
        {
            await NoHandler(context);
            return;
        }

        if (lifetime.Stopping.IsCancellationRequested)
            throw HandBack(run, HandBackReason.Stopping, "the worker is stopping");

        // Tracked before the ledger is asked about the run: a CancelJobRun either is in the ledger when the claim reads it,
        // or reaches this attempt's token.
        using var cancellation = cancellations.Track(run.RunId);
        var breaker = breakers.Enabled ? breakers.For(run.JobType) : null;
        var decision = breaker?.TryEnter() ?? CircuitDecision.Go;
        if (!decision.Allowed)
        {
            await HoldBack(context, decision.HoldUntil);
            return;
        }

        var outcomeKnown = false;
        try
        {
            using var slot = await AcquireSlot(run, cancellation);
            if (slot is null)
            {
                await CancelledBeforeStart(context, cancellation.Reason);
                return;
            }

            var key = RunKey.Of(run);
            if (!await Claim(context, key, cancellation))
                return;

            try
            {
                var result = await Execute(context, handlerType, key, cancellation);
                if (result.CancelledBecause is not null)
                    breaker?.OnAbandoned(decision.Probe);
                else if (result.Succeeded)
                    breaker?.OnSuccess(decision.Probe);
                else
                    breaker?.OnFailure(decision.Probe);
                outcomeKnown = true;
                await Finish(context, key, result);
            }
            catch (Exception exception) when (exception is not RunHandedBackException)
            {
                await TryRelease(key);
                throw HandBack(run, HandBackReason.Infrastructure, $"{exception.GetType().Name}: {exception.Message}", exception);
            }
        }
        catch (Exception exception) when (exception is not RunHandedBackException)
        {
            throw HandBack(run, HandBackReason.Infrastructure, $"{exception.GetType().Name}: {exception.Message}", exception);
        }
        finally
        {
            if (!outcomeKnown)
                breaker?.OnAbandoned(decision.Probe);
        }
    }

    /// <summary>An execution slot, or null when the run was cancelled while it waited for one.</summary>
    async Task<IDisposable?> AcquireSlot(ExecuteJobRun run, RunCancellations.TrackedRun cancellation)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Stopping, cancellation.Token);
        try
        {
            var slot = await slots.AcquireAsync(run.JobType, run.Priority, wait.Token);
            if (!lifetime.Stopping.IsCancellationRequested)
                return slot;
            slot.Dispose();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (lifetime.Stopping.IsCancellationRequested)
        {
        }

        throw HandBack(run, HandBackReason.Stopping, "the worker is stopping");
    }

    /// <summary>True when this worker now holds the attempt's lease; false when the attempt already ended (then it is
    /// acknowledged, its events published again if the worker that recorded it died before publishing them) or its run
    /// was cancelled (acknowledged without running).</summary>
    async Task<bool> Claim(ConsumeContext<ExecuteJobRun> context, RunKey key, RunCancellations.TrackedRun cancellation)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            switch (await ledger.ClaimAsync(key, worker.Name, now, now - _options.LeaseTimeout, CancellationToken.None))
            {
                case RunClaim.Claimed when cancellation.IsCancellationRequested:
                    await TryRelease(key);
                    await CancelledBeforeStart(context, cancellation.Reason);
                    return false;
                case RunClaim.Claimed:
                    return true;
                case RunClaim.Done done:
                    await Duplicate(context, done.Outcome);
                    return false;
                case RunClaim.Cancelled cancelled:
                    await CancelledBeforeStart(context, cancelled.Cancellation.Reason);
                    return false;
                case RunClaim.Held held:
                    logger.LogInformation("Run {Run} ({JobType}) is held by {Worker}, alive at {HeartbeatAt:O}: waiting for it to end or go silent",
                        key, context.Message.JobType, held.Worker, held.HeartbeatAt);
                    try
                    {
                        await Task.Delay(_options.HeartbeatInterval, clock, lifetime.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        throw HandBack(context.Message, HandBackReason.Stopping, "the worker is stopping");
                    }

                    break;
            }
        }
    }

    async Task Duplicate(ConsumeContext<ExecuteJobRun> context, RunOutcome outcome)
    {
        var run = context.Message;
        metrics.Outcome(run.JobType, "duplicate");
        logger.LogInformation("Run {Run} ({JobType}) already ended ({Outcome} by {Worker} at attempt {Attempt}): acknowledged without running it again",
            RunKey.Of(run), run.JobType, outcome.Outcome, outcome.Worker, outcome.Key.Attempt);
        if (outcome.Published)
            return;
        foreach (var message in RunEvents.Of(outcome))
            await context.Publish(message);
        await ledger.MarkPublishedAsync(outcome.Key, outcome.Worker, CancellationToken.None);
    }

    /// <summary>The run was cancelled before this attempt started: acknowledged without running the handler.</summary>
    async Task CancelledBeforeStart(ConsumeContext<ExecuteJobRun> context, string reason)
    {
        var run = context.Message;
        metrics.Outcome(run.JobType, "cancelled");
        logger.LogInformation("Run {Run} ({JobType}) was cancelled before it started ({Reason}): acknowledged without running it", RunKey.Of(run),
            run.JobType, reason);
        await context.Publish(RunEvents.CancelledBeforeStart(run, reason, clock.GetUtcNow()));
    }

    async Task<AttemptResult> Execute(ConsumeContext<ExecuteJobRun> context, Type handlerType, RunKey key, RunCancellations.TrackedRun cancellation)
    {
        var run = context.Message;
        var startedAt = clock.GetUtcNow();
        await context.Publish(RunEvents.Started(run, startedAt, worker.Name));
        metrics.Started(run, startedAt);

        using var timeout = run.Timeout is { } limit && limit > TimeSpan.Zero ? new CancellationTokenSource(limit, clock) : new CancellationTokenSource();
        // Not linked to the delivery's own token: losing the broker connection must not kill a long run (the lease keeps
        // the redelivered copy waiting until this one ends). Only the timeout, the run's cancellation and a stopping
        // worker's drain time cancel it.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, lifetime.DrainExpired, cancellation.Token);
        Exception? failure = null;
        var heartbeat = RunHeartbeat.Start(RunEvents.Heartbeat(run, worker.Name), (beat, ct) => context.Publish(beat, ct),
            ct => Renew(key, cancellation, ct), _options.HeartbeatInterval, _options.HeartbeatThrottle, clock, logger);
        await using (heartbeat)
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
                var handler = (IJobHandler)services.GetRequiredService(handlerType);
                var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using (cancel.Token.Register(() => stopped.TrySetResult()))
                {
                    handling = handler.HandleAsync(runContext, cancel.Token);
                    await Task.WhenAny(handling, stopped.Task);
                }

                if (!handling.IsCompleted)
                    await Grace(handling);
                if (!handling.IsCompleted)
                    throw new OperationCanceledException(cancel.Token);
                await handling;
            }
            catch (Exception exception)
            {
                failure = exception;
                if (handling is { IsCompleted: false })
                {
                    logger.LogWarning("The handler of {JobType} ignored cancellation of run {Run} for {Grace}; it is left running unobserved", run.JobType,
                        key, _options.CancellationGracePeriod);
                    _ = handling.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
                        TaskScheduler.Default);
                }
            }
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
            await TryRelease(key);
            metrics.Outcome(run.JobType, "handed_back", finishedAt - startedAt);
            throw HandBack(run, HandBackReason.Stopping, $"the drain time ({_options.DrainTimeout}) of the stopping worker is over");
        }

        return new AttemptResult(startedAt, finishedAt, failure, TimedOut: false);
    }

    /// <summary>The handler's token was cancelled: it gets <see cref="WorkerOptions.CancellationGracePeriod"/> to end.</summary>
    async Task Grace(Task handling)
    {
        using var ended = new CancellationTokenSource();
        var grace = Task.Delay(_options.CancellationGracePeriod, clock, ended.Token);
        await Task.WhenAny(handling, grace);
        await ended.CancelAsync();
    }

    /// <summary>Renews the lease, and cancels the attempt if its run was cancelled while the broadcast did not reach this
    /// process (its connection was down when <see cref="CancelJobRun"/> was published, and another process recorded it).</summary>
    async Task Renew(RunKey key, RunCancellations.TrackedRun cancellation, CancellationToken cancellationToken)
    {
        await ledger.RenewAsync(key, worker.Name, clock.GetUtcNow(), cancellationToken);
        if (cancellation.IsCancellationRequested || await ledger.FindCancellationAsync(key.RunId, cancellationToken) is not { } cancelled)
            return;
        logger.LogInformation("Run {Run} was cancelled ({Reason}) without this worker hearing of it: cancelling its handler now", key, cancelled.Reason);
        cancellations.Cancel(key.RunId, cancelled.Reason);
    }

    async Task Finish(ConsumeContext<ExecuteJobRun> context, RunKey key, AttemptResult result)
    {
        var run = context.Message;
        var outcome = new RunOutcome
        {
            Key = key,
            JobId = run.JobId,
            JobType = run.JobType,
            Outcome = RunOutcomeKind.Succeeded,
            Worker = worker.Name,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = result.StartedAt,
            FinishedAt = result.FinishedAt,
        };
        DeadLetteredRun? deadLetter = null;
        var duration = result.FinishedAt - result.StartedAt;

        if (result.CancelledBecause is { } reason)
        {
            outcome = outcome with { Outcome = RunOutcomeKind.Cancelled, Error = reason };
            logger.LogInformation("Run {Run} ({JobType}) attempt {Attempt} was cancelled after {Duration} ms: {Reason}", key, run.JobType, run.Attempt,
                duration.TotalMilliseconds, reason);
        }
        else if (result.Failure is { } failure)
        {
            var error = result.TimedOut ? failure.Message : $"{failure.GetType().Name}: {failure.Message}";
            var policy = run.Retry ?? _options.DefaultRetry.ToPolicy();
            var retry = failure is not PermanentJobFailureException && RetryBackoff.ShouldRetry(policy, run.Attempt);
            if (retry)
            {
                var nextAttemptAt = result.FinishedAt + RetryBackoff.Delay(policy, run.Attempt, Random.Shared.NextDouble());
                await context.ScheduleSend(queues.For(run.Priority).Exchange, nextAttemptAt.UtcDateTime, run with { Attempt = run.Attempt + 1 },
                    Pipe.Execute<SendContext<ExecuteJobRun>>(s => s.SetPriority(Priority(run))));
                outcome = outcome with { Outcome = RunOutcomeKind.Failed, Error = error, TimedOut = result.TimedOut, NextAttemptAt = nextAttemptAt };
                logger.LogWarning(failure, "Run {Run} ({JobType}) attempt {Attempt} of {MaxAttempts} failed{TimedOut}; next attempt at {NextAttemptAt:O}",
                    key, run.JobType, run.Attempt, policy.MaxAttempts, result.TimedOut ? " (timed out)" : "", nextAttemptAt);
            }
            else
            {
                outcome = outcome with { Outcome = RunOutcomeKind.DeadLettered, Error = error, TimedOut = result.TimedOut };
                deadLetter = new DeadLetteredRun { Run = run, Error = error, DeadLetteredAt = result.FinishedAt };
                logger.LogError(failure, "Run {Run} ({JobType}) attempt {Attempt} failed{TimedOut} and is dead-lettered: {Why}", key, run.JobType,
                    run.Attempt, result.TimedOut ? " (timed out)" : "",
                    failure is PermanentJobFailureException ? "the failure is permanent" : $"no attempts left of {policy.MaxAttempts}");
            }
        }
        else
        {
            logger.LogInformation("Run {Run} ({JobType}) succeeded in {Duration} ms", key, run.JobType, duration.TotalMilliseconds);
        }

        if (!await ledger.RecordAsync(outcome, deadLetter, CancellationToken.None))
        {
            logger.LogWarning("Run {Run} ({JobType}): another worker recorded this attempt's outcome first (its lease had expired); not reporting it twice",
                key, run.JobType);
            metrics.Outcome(run.JobType, "duplicate", duration);
            return;
        }

        foreach (var message in RunEvents.Of(outcome))
            await context.Publish(message);
        await ledger.MarkPublishedAsync(key, worker.Name, CancellationToken.None);
        metrics.Outcome(run.JobType, outcome.Outcome switch
        {
            RunOutcomeKind.Succeeded => "succeeded",
            RunOutcomeKind.DeadLettered => "dead_lettered",
            RunOutcomeKind.Cancelled => "cancelled",
            _ => result.TimedOut ? "timed_out" : "failed",
        }, duration);
    }

    /// <summary>The breaker of the run's type is open: the same attempt comes back at <paramref name="until"/>.</summary>
    async Task HoldBack(ConsumeContext<ExecuteJobRun> context, DateTimeOffset until)
    {
        var run = context.Message;
        await context.ScheduleSend(queues.For(run.Priority).Exchange, until.UtcDateTime, run,
            Pipe.Execute<SendContext<ExecuteJobRun>>(s => s.SetPriority(Priority(run))));
        metrics.Outcome(run.JobType, "held_back");
        logger.LogInformation("Run {Run} ({JobType}) held back until {Until:O}: the job type's circuit breaker is open", RunKey.Of(run), run.JobType, until);
    }

    /// <summary>Only reachable when a queue is bound to a type this process does not handle (a misconfigured deployment).</summary>
    async Task NoHandler(ConsumeContext<ExecuteJobRun> context)
    {
        var run = context.Message;
        var now = clock.GetUtcNow();
        var error = $"This worker ({worker.Name}) has no handler for job type '{run.JobType}'";
        logger.LogError("Run {Run}: {Error}", RunKey.Of(run), error);
        var outcome = new RunOutcome
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
        };
        foreach (var message in RunEvents.Of(outcome))
            await context.Publish(message);
    }

    async Task TryRelease(RunKey key)
    {
        try
        {
            await ledger.ReleaseAsync(key, worker.Name, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not release the lease of run {Run}; it expires after {LeaseTimeout}", key, _options.LeaseTimeout);
        }
    }

    RunHandedBackException HandBack(ExecuteJobRun run, HandBackReason reason, string why, Exception? inner = null)
    {
        if (reason == HandBackReason.Infrastructure)
            logger.LogError(inner, "Run {Run} ({JobType}) handed back to the broker: {Why}", RunKey.Of(run), run.JobType, why);
        else
            logger.LogInformation("Run {Run} ({JobType}) handed back to the broker: {Why}", RunKey.Of(run), run.JobType, why);
        return new RunHandedBackException(reason, $"Run {RunKey.Of(run)} handed back: {why}", inner);
    }

    static byte Priority(ExecuteJobRun run) => (byte)Math.Clamp(run.Priority, 0, Platform.Messaging.PlatformTopology.MaxPriority);
}
