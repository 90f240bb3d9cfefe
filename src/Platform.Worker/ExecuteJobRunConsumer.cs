using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>
/// Executes one attempt of a run with the handler registered for its job type. In order: a stopping worker hands the run
/// back; an open circuit breaker holds it back (the same attempt comes back at the end of the cool-down); it waits for an
/// execution slot (priority first); the ledger grants the attempt's lease (<see cref="AttemptClaimer"/>); the handler runs
/// (<see cref="AttemptRunner"/>); the outcome is recorded and reported before the delivery is acknowledged
/// (<see cref="RunReporter"/>). Anything the broker or the database throws on the way hands the run back. Every log line
/// written meanwhile, the handler's included, carries the run's ids as scope properties (<see cref="PlatformAttributes"/>).
/// </summary>
internal sealed class ExecuteJobRunConsumer(
    IServiceProvider services,
    JobHandlerRegistry registry,
    RunSlots slots,
    JobTypeBreakers breakers,
    WorkerLifetime lifetime,
    RunCancellations cancellations,
    AttemptClaimer claimer,
    AttemptRunner runner,
    RunReporter reporter,
    RunHandBack handBack,
    ILogger<ExecuteJobRunConsumer> logger) : IConsumer<ExecuteJobRun>
{
    public async Task Consume(ConsumeContext<ExecuteJobRun> context)
    {
        var run = context.Message;
        using var scope = logger.BeginRunScope(run.JobId, run.RunId, run.JobType, run.Attempt);
        if (!registry.Handles(run.JobType))
        {
            await reporter.NoHandlerAsync(context);
            return;
        }

        if (lifetime.Stopping.IsCancellationRequested)
            throw handBack.Because(run, HandBackReason.Stopping, "the worker is stopping");

        // Tracked before the ledger is asked about the run: a CancelJobRun either is in the ledger when the claim reads it,
        // or reaches this attempt's token.
        using var cancellation = cancellations.Track(run.RunId);
        var breaker = breakers.Enabled ? breakers.For(run.JobType) : null;
        var decision = breaker?.TryEnter() ?? CircuitDecision.Go;
        if (!decision.Allowed)
        {
            await reporter.HoldBackAsync(context, decision.HoldUntil);
            return;
        }

        var outcomeKnown = false;
        try
        {
            using var slot = await AcquireSlotAsync(run, cancellation);
            if (slot is null)
            {
                await reporter.CancelledBeforeStartAsync(context, cancellation.Reason);
                return;
            }

            if (!await claimer.ClaimAsync(context, cancellation))
                return;

            using var span = AttemptSpan.Start(run);
            try
            {
                var result = await runner.RunAsync(context, services, run.JobType, RunKey.Of(run), cancellation);
                if (result.CancelledBecause is not null)
                    breaker?.OnAbandoned(decision.Probe);
                else if (result.Succeeded)
                    breaker?.OnSuccess(decision.Probe);
                else
                    breaker?.OnFailure(decision.Probe);
                outcomeKnown = true;
                await reporter.FinishAsync(context, result, span);
            }
            catch (Exception exception) when (exception is not RunHandedBackException)
            {
                await handBack.ReleaseAsync(RunKey.Of(run));
                throw;
            }
        }
        catch (Exception exception) when (exception is not RunHandedBackException)
        {
            throw handBack.Because(run, HandBackReason.Infrastructure, $"{exception.GetType().Name}: {exception.Message}", exception);
        }
        finally
        {
            if (!outcomeKnown)
                breaker?.OnAbandoned(decision.Probe);
        }
    }

    /// <summary>An execution slot, or null when the run was cancelled while it waited for one.</summary>
    async Task<IDisposable?> AcquireSlotAsync(ExecuteJobRun run, RunCancellations.TrackedRun cancellation)
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

        throw handBack.Because(run, HandBackReason.Stopping, "the worker is stopping");
    }
}
