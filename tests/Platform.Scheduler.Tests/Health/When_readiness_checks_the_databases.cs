using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NUnit.Framework;
using Platform.Scheduler.Persistence;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Health;

/// <summary>/health/ready of the scheduler and the worker follows their databases: healthy while PostgreSQL answers,
/// unhealthy (not ready) while it does not, as during the database fault drill.</summary>
[TestFixture]
public sealed class When_readiness_checks_the_databases : PlatformFixture
{
    /// <summary>Nothing listens there: a database that is down.</summary>
    const string Down = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";

    static Task<HealthCheckResult> SchedulerAsync(string connectionString)
    {
        var db = new SchedulerDbContext(new DbContextOptionsBuilder<SchedulerDbContext>().UsePlatformScheduler(connectionString).Options);
        return new SchedulerDatabaseHealthCheck(db).CheckHealthAsync(new HealthCheckContext());
    }

    [Test]
    public async Task Should_say_the_scheduler_is_ready_only_while_its_database_answers()
    {
        var up = await SchedulerAsync(ConnectionString);
        var down = await SchedulerAsync(Down);
        Assert.Multiple(() =>
        {
            Assert.That(up.Status, Is.EqualTo(HealthStatus.Healthy), up.Exception?.ToString());
            Assert.That(down.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(down.Description, Does.Contain("database does not answer"));
        });
    }
}
