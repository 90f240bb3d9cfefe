using HealthChecks.NpgSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Ledger;

/// <summary>Ready (tag <c>ready</c>, <c>/health/ready</c>) while the ledger's PostgreSQL answers (the health check package's
/// NpgSql check, given 3 s where the check is registered): a worker whose database is down hands every run back, so it
/// says so. A worker with its ledger in memory is always ready.</summary>
internal sealed class WorkerLedgerHealthCheck(IServiceProvider services, IOptions<WorkerOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ConnectionString))
            return Task.FromResult(HealthCheckResult.Healthy("the ledger is in this process's memory"));
        var database = new NpgSqlHealthCheck(new NpgSqlHealthCheckOptions(services.GetRequiredService<WorkerDataSource>().DataSource));
        return database.CheckHealthAsync(context, cancellationToken);
    }
}
