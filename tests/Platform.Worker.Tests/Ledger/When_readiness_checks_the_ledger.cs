using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Testing;
using Platform.Worker.Ledger;

namespace Platform.Worker.Tests.Ledger;

/// <summary>The worker's /health/ready follows its ledger database: ready while PostgreSQL answers, not ready while it does
/// not (every run would be handed back), always ready with the ledger in memory.</summary>
[TestFixture]
public sealed class When_readiness_checks_the_ledger : PlatformFixture
{
    const string Down = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";

    static async Task<HealthCheckResult> CheckAsync(string? connectionString)
    {
        var services = new ServiceCollection();
        if (connectionString is not null)
            services.AddSingleton(new WorkerDataSource(connectionString));
        await using var provider = services.BuildServiceProvider();
        var check = new WorkerLedgerHealthCheck(provider, Options.Create(new WorkerOptions { ConnectionString = connectionString }));
        // As the health check service calls it: with its registration (which says what a failure means).
        var registration = new HealthCheckRegistration("worker-ledger", check, HealthStatus.Unhealthy, ["ready"]);
        return await check.CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    [Test]
    public async Task Should_be_ready_only_while_the_ledger_database_answers()
    {
        var up = await CheckAsync(ConnectionString);
        var down = await CheckAsync(Down);
        var memory = await CheckAsync(null);
        Assert.Multiple(() =>
        {
            Assert.That(up.Status, Is.EqualTo(HealthStatus.Healthy), up.Exception?.ToString());
            Assert.That(down.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(down.Exception, Is.InstanceOf<Npgsql.NpgsqlException>(), "the database's own error, for the operator");
            Assert.That(memory.Status, Is.EqualTo(HealthStatus.Healthy));
        });
    }
}
