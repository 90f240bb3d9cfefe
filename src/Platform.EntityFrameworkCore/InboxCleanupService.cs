using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Hosting;

namespace Platform.EntityFrameworkCore;

/// <summary>Removes inbox rows older than <see cref="PlatformOutboxOptions.DuplicateDetectionWindow"/> every
/// <see cref="PlatformOutboxOptions.InboxCleanupInterval"/>, in batches. Safe on several instances at once.</summary>
internal sealed class InboxCleanupService<TDbContext>(
    IServiceScopeFactory scopes,
    IOptions<PlatformOutboxOptions> options,
    TimeProvider clock,
    ILogger<InboxCleanupService<TDbContext>> logger) : BackgroundService
    where TDbContext : DbContext
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.InboxCleanupEnabled)
            return Task.CompletedTask;
        return PeriodicWork.RunAsync(settings.InboxCleanupInterval, clock, async cancellationToken =>
        {
            var removed = await RemoveExpired(settings, cancellationToken);
            if (removed > 0)
                logger.LogInformation("Removed {Count} inbox row(s) older than {Window}", removed, settings.DuplicateDetectionWindow);
        }, exception => logger.LogError(exception, "Inbox cleanup failed; tried again in {Interval}", settings.InboxCleanupInterval), stoppingToken);
    }

    async Task<int> RemoveExpired(PlatformOutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - settings.DuplicateDetectionWindow;
        var total = 0;
        int removed;
        do
        {
            removed = await db.Set<InboxState>()
                .Where(i => i.Consumed < cutoff)
                .OrderBy(i => i.Consumed)
                .Take(settings.InboxCleanupBatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += removed;
        }
        while (removed == settings.InboxCleanupBatchSize);

        return total;
    }
}
