using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>Asks the ledger for an attempt's lease: a live worker holding it is waited for (it may end the attempt or go
/// silent), an attempt that already ended and a cancelled run are acknowledged without running. The first attempt of a
/// replay marks the dead letter this service kept as replayed.</summary>
internal sealed class AttemptClaimer(
    IRunLedger ledger,
    WorkerIdentity worker,
    WorkerLifetime lifetime,
    RunReporter reporter,
    RunHandBack handBack,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<AttemptClaimer> logger)
{
    /// <summary>True when this worker now holds the attempt's lease; false when it was acknowledged without running.</summary>
    public async Task<bool> ClaimAsync(ConsumeContext<ExecuteJobRun> context, RunCancellations.TrackedRun cancellation)
    {
        var key = RunKey.Of(context.Message);
        while (true)
        {
            var now = clock.GetUtcNow();
            switch (await ledger.ClaimAsync(key, worker.Name, now, now - options.Value.LeaseTimeout, CancellationToken.None))
            {
                case RunClaim.Claimed when cancellation.IsCancellationRequested:
                    await handBack.ReleaseAsync(key);
                    await reporter.CancelledBeforeStartAsync(context, cancellation.Reason);
                    return false;
                case RunClaim.Claimed:
                    // The scheduler replayed a run this service dead-lettered: its kept dead letter says so from now on.
                    if (key is { Replay: > 0, Attempt: 1 })
                        await ledger.MarkReplayedAsync(key.RunId, key.Replay, context.Message.ReplayReason ?? "", now, CancellationToken.None);
                    return true;
                case RunClaim.Done done:
                    await reporter.DuplicateAsync(context, done.Outcome);
                    return false;
                case RunClaim.Cancelled cancelled:
                    await reporter.CancelledBeforeStartAsync(context, cancelled.Cancellation.Reason);
                    return false;
                case RunClaim.Held held:
                    logger.LogInformation("Run {Run} ({JobType}) is held by {Worker}, alive at {HeartbeatAt:O}: waiting for it to end or go silent",
                        key, context.Message.JobType, held.Worker, held.HeartbeatAt);
                    try
                    {
                        await Task.Delay(options.Value.HeartbeatInterval, clock, lifetime.Stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        throw handBack.Because(context.Message, HandBackReason.Stopping, "the worker is stopping");
                    }

                    break;
            }
        }
    }
}
