using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Ledger;

/// <summary>Deletes ledger records older than <see cref="WorkerOptions.Retention"/> every <see cref="WorkerOptions.CleanupInterval"/>.</summary>
internal sealed class RunLedgerCleanupService(IRunLedger ledger, IOptions<WorkerOptions> options, TimeProvider clock,
    ILogger<RunLedgerCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.CleanupInterval, clock);
        do
        {
            try
            {
                var removed = await ledger.CleanupAsync(clock.GetUtcNow() - settings.Retention, stoppingToken);
                if (removed > 0)
                    logger.LogInformation("Forgot {Count} worker ledger records older than {Retention}", removed, settings.Retention);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Worker ledger cleanup failed; trying again in {Interval}", settings.CleanupInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
