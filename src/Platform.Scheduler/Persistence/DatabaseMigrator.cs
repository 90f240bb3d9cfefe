using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Scheduler.Persistence;

/// <summary>Applies the scheduler's migrations before the bus starts consuming (EF Core takes a database lock, so
/// several instances starting at once are safe). A deployment's migration step runs <see cref="MigrateAsync"/> alone: the
/// scheduler host's <c>--migrate-only</c>.</summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, IOptions<SchedulerOptions> options, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ? MigrateAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Applies the migrations the database lacks, whatever <see cref="SchedulerOptions.MigrateOnStart"/> says.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        // EF Core finds out whether its history table exists by reading it, and logs the failed read of a new database as
        // an error: creating the (empty) table first keeps a first start's log free of false errors.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("The scheduler's database has every migration");
            return;
        }

        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
