using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Api.ReadModel;

/// <summary>Ready when the scheduler's database answers and its tables are there (the scheduler migrates them).</summary>
public sealed class SchedulerDatabaseHealthCheck(SchedulerReadDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Jobs.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The scheduler's database cannot be read", exception);
        }
    }
}
