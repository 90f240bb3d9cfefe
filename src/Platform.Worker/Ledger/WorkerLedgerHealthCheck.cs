using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Ledger;

/// <summary>Ready (tag <c>ready</c>, <c>/health/ready</c>) while the ledger's PostgreSQL answers within 3 s: a worker whose
/// database is down hands every run back, so it says so. A worker with its ledger in memory is always ready.</summary>
internal sealed class WorkerLedgerHealthCheck(IServiceProvider services, IOptions<WorkerOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ConnectionString))
            return HealthCheckResult.Healthy("the ledger is in this process's memory");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var command = services.GetRequiredService<WorkerDataSource>().DataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The worker's ledger database does not answer", exception);
        }
    }
}
