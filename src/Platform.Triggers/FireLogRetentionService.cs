using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Hosting;

namespace Platform.Triggers;

/// <summary>Deletes fire log rows older than <see cref="TriggerEngineOptions.FireLogRetention"/>, every
/// <see cref="TriggerEngineOptions.FireLogCleanupInterval"/>, in batches of <see cref="TriggerEngineOptions.FireLogCleanupBatchSize"/>
/// (each its own short transaction, so the log never holds a long lock and firing goes on beside it). Apart from the
/// engine's loops: firing is latency-sensitive, this is not.</summary>
internal sealed partial class FireLogRetentionService<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<TriggerEngineOptions> options,
    TimeProvider clock,
    ILogger<FireLogRetentionService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        return PeriodicWork.RunAsync(settings.FireLogCleanupInterval, clock, async cancellationToken =>
        {
            var deleted = await CleanAsync(settings, cancellationToken);
            if (deleted > 0)
                LogCleaned(deleted);
        }, LogCleanupFailed, stoppingToken);
    }

    /// <summary>Deletes every fire log row past the retention, batch by batch; returns how many.</summary>
    public async Task<int> CleanAsync(TriggerEngineOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var fires = TriggerTables<TDbContext>.Fires(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"delete from {fires} where ctid = any(array(select ctid from {fires} where fired_at < @cutoff limit @batch))", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", (clock.GetUtcNow() - settings.FireLogRetention).UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<int>("batch", settings.FireLogCleanupBatchSize));
        var total = 0;
        int deleted;
        do
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == settings.FireLogCleanupBatchSize);
        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} fire log rows past retention")]
    partial void LogCleaned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting old fire log rows failed; tried again at the next interval")]
    partial void LogCleanupFailed(Exception exception);
}
