using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Hosting;
using Platform.Scheduler.Persistence;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Retention;

/// <summary>
/// Deletes, every <see cref="HistoryRetentionOptions.RetentionInterval"/>, the runs that finished more than
/// <see cref="HistoryRetentionOptions.HistoryRetention"/> ago and the audit records older than the audit retention, in
/// batches. Runs still in progress are never touched; rows another transaction holds are skipped until the next pass, so
/// several scheduler instances clean side by side. The fire log is cleaned by the trigger engine.
/// </summary>
public sealed class HistoryRetentionService(
    IServiceScopeFactory scopes,
    IOptions<HistoryRetentionOptions> options,
    TimeProvider clock,
    ILogger<HistoryRetentionService> logger) : BackgroundService
{
    // Table names from the one schema vocabulary; {0}, {1}... are parameters.
    const string DeleteEndedRuns = $$"""
        delete from {{SchedulerTables.QualifiedRuns}} where correlation_id in (
            select correlation_id from {{SchedulerTables.QualifiedRuns}}
            where finished_at < {0} and current_state = any({1})
            limit {2}
            for update skip locked)
        """;

    const string DeleteOldAudit = $$"""
        delete from {{SchedulerTables.QualifiedAudit}} where id in (
            select id from {{SchedulerTables.QualifiedAudit}}
            where received_at < {0}
            limit {1}
            for update skip locked)
        """;

    /// <summary>One cleanup pass, until nothing past retention is left (or <paramref name="cancellationToken"/>).</summary>
    public async Task<HistoryCleanup> CleanupOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();

        var runsBefore = now - settings.HistoryRetention;
        var runs = await DeleteInBatchesAsync(settings.RetentionBatchSize, batch => db.Database.ExecuteSqlRawAsync(DeleteEndedRuns,
            [runsBefore, RunStates.Final, batch], cancellationToken), cancellationToken);

        var auditBefore = now - settings.EffectiveAuditRetention;
        var audit = await DeleteInBatchesAsync(settings.RetentionBatchSize, batch => db.Database.ExecuteSqlRawAsync(DeleteOldAudit,
            [auditBefore, batch], cancellationToken), cancellationToken);

        if (runs > 0 || audit > 0)
        {
            logger.LogInformation("Retention: deleted {Runs} run(s) finished before {RunsBefore:O} and {Audit} audit record(s) received before {AuditBefore:O}",
                runs, runsBefore, audit, auditBefore);
        }

        return new HistoryCleanup(runs, audit);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionInterval;
        return PeriodicWork.RunAsync(interval, clock, CleanupOnceAsync,
            exception => logger.LogError(exception, "Retention cleanup failed; tried again in {Interval}", interval), stoppingToken);
    }

    static async Task<int> DeleteInBatchesAsync(int batchSize, Func<int, Task<int>> deleteBatch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await deleteBatch(batchSize);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}
