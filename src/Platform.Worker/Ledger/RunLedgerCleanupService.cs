using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Hosting;

namespace Platform.Worker.Ledger;

/// <summary>Deletes ledger records older than <see cref="WorkerOptions.Retention"/> every <see cref="WorkerOptions.CleanupInterval"/>.</summary>
internal sealed class RunLedgerCleanupService(IRunLedger ledger, IOptions<WorkerOptions> options, TimeProvider clock,
    ILogger<RunLedgerCleanupService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PeriodicWork.RunAsync(settings.CleanupInterval, clock, async cancellationToken =>
        {
            var removed = await ledger.CleanupAsync(clock.GetUtcNow() - settings.Retention, cancellationToken);
            if (removed > 0)
                logger.LogInformation("Forgot {Count} worker ledger records older than {Retention}", removed, settings.Retention);
        }, exception => logger.LogWarning(exception, "Worker ledger cleanup failed; trying again in {Interval}", settings.CleanupInterval),
            stoppingToken);
    }
}
