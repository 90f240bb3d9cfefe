using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Scheduler.Persistence;

/// <summary>Ready (tag <c>ready</c>, <c>/health/ready</c>) while the scheduler's PostgreSQL answers within 3 s: without it
/// nothing fires and no state machine moves (they resume on their own when it returns).</summary>
public sealed class SchedulerDatabaseHealthCheck(SchedulerDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await db.Database.ExecuteSqlRawAsync("select 1", timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The scheduler's database does not answer", exception);
        }
    }
}
