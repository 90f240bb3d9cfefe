using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using NUnit.Framework;
using Platform.Scheduler.Persistence;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// A deployment's migration step (the Kubernetes Job of deploy/k8s, docs/deploy.md): the scheduler host started with
/// <c>--migrate-only</c> applies the database migrations and exits 0 without starting anything else (no bus, no Quartz,
/// no trigger engine); run again, it finds nothing to do and exits 0; without a database it exits non-zero.
/// </summary>
[TestFixture]
public sealed class When_the_scheduler_host_runs_with_migrate_only : PlatformFixture
{
    static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);
    int _first;
    int _second;

    static string SchedulerHostPath => typeof(When_the_scheduler_host_runs_with_migrate_only).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchedulerHostPath").Value!;

    static async Task<int> MigrateOnlyAsync(string name, Dictionary<string, string?> configuration)
    {
        await using var host = HostProcess.Start(SchedulerHostPath, name, configuration, arguments: ["--migrate-only"]);
        return await host.WaitForExitAsync(ExitTimeout);
    }

    async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    [OneTimeSetUp]
    public async Task MigrateTwice()
    {
        _first = await MigrateOnlyAsync("migrate-1", PlatformConfiguration());
        _second = await MigrateOnlyAsync("migrate-2", PlatformConfiguration());
    }

    [Test]
    public void Should_exit_0_each_time()
    {
        Assert.That(_first, Is.Zero, "first --migrate-only run");
        Assert.That(_second, Is.Zero, "second --migrate-only run (nothing to migrate)");
    }

    [Test]
    public async Task Should_apply_every_migration()
    {
        var expected = typeof(SchedulerDbContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        var applied = await QueryAsync("select migration_id from scheduler.__ef_migrations order by migration_id");
        Assert.That(expected, Is.Not.Empty, "the scheduler assembly has migrations");
        Assert.That(applied, Is.EqualTo(expected));
    }

    [Test]
    public async Task Should_start_nothing_but_the_migration()
    {
        var quartz = await QueryAsync("select nspname::text from pg_namespace where nspname = 'quartz'");
        Assert.That(quartz, Is.Empty, "Quartz (started with the bus) created its schema");

        using var response = await Management.GetAsync(new Uri($"api/queues/{VirtualHost}", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var queues = await response.Content.ReadFromJsonAsync<List<JsonElement>>();
        Assert.That(queues?.Select(q => q.GetProperty("name").GetString()), Is.Empty, "the bus started and declared queues");
    }

    [Test]
    public async Task Should_exit_non_zero_when_the_database_cannot_be_reached()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Scheduler:ConnectionString"] = $"Host={Servers.PostgresHost};Port=1;Database={Database};Timeout=2";
        Assert.That(await MigrateOnlyAsync("migrate-unreachable", configuration), Is.Not.Zero);
    }
}
