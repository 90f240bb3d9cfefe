using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Health;

/// <summary>/health/ready of the scheduler and the worker follows their databases: healthy while PostgreSQL answers,
/// unhealthy (not ready) while it does not, as during the database fault drill.</summary>
[TestFixture]
public sealed class When_readiness_checks_the_databases : PlatformFixture
{
    /// <summary>Nothing listens there: a database that is down.</summary>
    const string Down = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";

    /// <summary>The scheduler's readiness as its host registers it, on <paramref name="connectionString"/>.</summary>
    static async Task<HealthReport> SchedulerAsync(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SchedulerOptions>().Configure(o => o.ConnectionString = connectionString);
        services.AddHealthChecks().AddSchedulerDatabase();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
    }

    [Test]
    public async Task Should_say_the_scheduler_is_ready_only_while_its_database_answers()
    {
        var up = await SchedulerAsync(ConnectionString);
        var down = await SchedulerAsync(Down);
        Assert.Multiple(() =>
        {
            Assert.That(up.Status, Is.EqualTo(HealthStatus.Healthy), string.Join("; ", up.Entries.Select(e => $"{e.Key}: {e.Value.Exception}")));
            Assert.That(down.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(down.Entries.Keys, Is.EquivalentTo(new[] { "scheduler-database" }), "the check /health/ready runs");
        });
    }
}
