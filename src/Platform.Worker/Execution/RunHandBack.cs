using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>Gives a run back to the broker unacknowledged (no attempt used up) and, when this worker holds its lease, gives
/// the lease up so another worker need not wait for it to expire.</summary>
internal sealed class RunHandBack(IRunLedger ledger, WorkerIdentity worker, IOptions<WorkerOptions> options, ILogger<RunHandBack> logger)
{
    /// <summary>The exception that ends the consumption; the endpoint's error pipe requeues the message.</summary>
    public RunHandedBackException Because(ExecuteJobRun run, HandBackReason reason, string why, Exception? inner = null)
    {
        if (reason == HandBackReason.Infrastructure)
            logger.LogError(inner, "Run {Run} ({JobType}) handed back to the broker: {Why}", RunKey.Of(run), run.JobType, why);
        else
            logger.LogInformation("Run {Run} ({JobType}) handed back to the broker: {Why}", RunKey.Of(run), run.JobType, why);
        return new RunHandedBackException(reason, $"Run {RunKey.Of(run)} handed back: {why}", inner);
    }

    public async Task ReleaseAsync(RunKey key)
    {
        try
        {
            await ledger.ReleaseAsync(key, worker.Name, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not release the lease of run {Run}; it expires after {LeaseTimeout}", key, options.Value.LeaseTimeout);
        }
    }
}
