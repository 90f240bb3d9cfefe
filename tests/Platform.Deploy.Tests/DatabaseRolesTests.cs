using System.Reflection;
using Npgsql;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.Deploy.Tests;

/// <summary>
/// The database roles compose, the dev overlay and (as the same statements) CloudNativePG create, run by psql as the
/// postgres image runs them, on the real PostgreSQL under names of this fixture's own: the scheduler's role can migrate
/// and create the Quartz schema, the worker's role its ledger, and the API's role reads the scheduler's tables and can
/// change nothing, even after turning its read-only default off.
/// </summary>
[TestFixture]
public sealed class When_the_database_roles_are_provisioned
{
    readonly string _prefix = $"t{Guid.NewGuid():N}"[..20];
    string _database = null!;
    ServerEndpoints _servers = null!;
    string _superuser = null!;
    string _folder = null!;
    int _migrated = -1;

    string Role(string service) => $"{_prefix}_{service}";

    string ConnectionString(string user, string? password, string? database = null) =>
        $"Host={_servers.PostgresHost};Port={_servers.PostgresPort};Database={database ?? _database};Username={user};Password={password};Pooling=false";

    static string SchedulerHostPath => typeof(When_the_database_roles_are_provisioned).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SchedulerHostPath").Value!;

    /// <summary>Runs each statement on its own, in order, on one session.</summary>
    static async Task ExecuteAsync(string connectionString, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>A superuser: the servers' own user where it is one (containers), else postgres over loopback, which
    /// deploy/local/servers.sh trusts.</summary>
    async Task<string> SuperuserAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(_servers.PostgresConnectionString("postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select rolsuper from pg_roles where rolname = current_user", connection);
            if ((bool)(await command.ExecuteScalarAsync())!)
                return _servers.PostgresConnectionString("postgres");
        }
        catch (NpgsqlException)
        {
        }

        return ConnectionString("postgres", null, "postgres");
    }

    [OneTimeSetUp]
    public async Task Provision()
    {
        _servers = await TestServers.GetAsync();
        _superuser = await SuperuserAsync();
        _database = _prefix;
        await ExecuteAsync(_superuser, $"create database \"{_database}\"");

        _folder = Directory.CreateTempSubdirectory("platform-roles-").FullName;
        foreach (var file in new[] { "postgres-roles.sql", "postgres-grants.sql" })
        {
            var sql = RepositoryFiles.Read($"deploy/docker/{file}");
            foreach (var service in new[] { "scheduler", "worker", "api" })
                sql = sql.Replace($"platform_{service}", Role(service), StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(_folder, file), sql);
        }

        var superuser = new NpgsqlConnectionStringBuilder(_superuser);
        var psql = await ExternalTool.RunAsync("psql", [
            "-v", "ON_ERROR_STOP=1", "-h", superuser.Host!, "-p", superuser.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", superuser.Username!, "-d", _database,
            "-v", "scheduler_password=scheduler-secret", "-v", "worker_password=worker-secret", "-v", "api_password=api-secret",
            "-f", Path.Combine(_folder, "postgres-roles.sql")],
            new Dictionary<string, string> { ["PGPASSWORD"] = superuser.Password ?? "" });
        Assert.That(psql.ExitCode, Is.Zero, psql.ToString());

        var scheduler = ConnectionString(Role("scheduler"), "scheduler-secret");
        await using var migrate = HostProcess.Start(SchedulerHostPath, "migrate-as-scheduler-role", new Dictionary<string, string?>
        {
            ["Platform:Scheduler:ConnectionString"] = scheduler,
            ["Platform:Quartz:ConnectionString"] = scheduler,
        }, arguments: ["--migrate-only"]);
        _migrated = await migrate.WaitForExitAsync(TimeSpan.FromSeconds(90));
    }

    [OneTimeTearDown]
    public async Task DropDatabaseAndRoles()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_superuser, $"drop database if exists \"{_database}\" with (force)");
        foreach (var service in new[] { "scheduler", "worker", "api" })
            await ExecuteAsync(_superuser, $"drop role if exists \"{Role(service)}\"");
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Should_let_the_scheduler_migrate_and_create_the_quartz_schema()
    {
        Assert.That(_migrated, Is.Zero, "--migrate-only as the scheduler's role");
        // What QuartzSchemaInitializer runs on start.
        await ExecuteAsync(ConnectionString(Role("scheduler"), "scheduler-secret"),
            "create schema if not exists quartz; create table if not exists quartz.probe (key text primary key)");
    }

    [Test]
    public async Task Should_let_the_worker_create_its_ledger()
    {
        // What the worker's WorkerDatabaseInitializer runs on start, in short.
        await ExecuteAsync(ConnectionString(Role("worker"), "worker-secret"),
            "create schema if not exists worker; create table if not exists worker.probe (run_id uuid primary key)");
    }

    [Test]
    public async Task Should_let_the_api_read_the_schedulers_tables()
    {
        Assert.That(_migrated, Is.Zero);
        await ExecuteAsync(ConnectionString(Role("api"), "api-secret"), "select count(*) from scheduler.job_state");
    }

    [TestCase("delete from scheduler.job_state")]
    [TestCase("create table scheduler.intruder (id int)")]
    [TestCase("create table public.intruder (id int)")]
    [TestCase("create schema intruder")]
    public async Task Should_let_the_api_change_nothing(string sql)
    {
        Assert.That(_migrated, Is.Zero);
        var api = ConnectionString(Role("api"), "api-secret");
        var exception = Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(api, "set default_transaction_read_only = off", sql));
        Assert.That(exception!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), exception.Message);
    }

    [Test]
    public void Should_keep_the_worker_out_of_the_schedulers_tables()
    {
        var exception = Assert.ThrowsAsync<PostgresException>(() =>
            ExecuteAsync(ConnectionString(Role("worker"), "worker-secret"), "select count(*) from scheduler.job_state"));
        Assert.That(exception!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), exception.Message);
    }
}
