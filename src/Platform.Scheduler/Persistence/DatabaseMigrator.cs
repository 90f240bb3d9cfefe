using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Scheduler.Persistence;

/// <summary>Applies the scheduler's migrations before the bus starts consuming (EF Core takes a database lock, so
/// several instances starting at once are safe).</summary>
public sealed class DatabaseMigrator(IServiceScopeFactory scopes, IOptions<SchedulerOptions> options, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        // Asking for the applied migrations of a database that has none yet makes EF Core log a failed command as an
        // error; a new database is recognised by its missing history table instead.
        var applied = await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
            ? await db.Database.GetAppliedMigrationsAsync(cancellationToken)
            : [];
        var pending = db.Database.GetMigrations().Except(applied).ToList();
        if (pending.Count == 0)
            return;
        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
