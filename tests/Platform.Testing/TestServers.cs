using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Platform.Testing;

/// <summary>
/// The real RabbitMQ and PostgreSQL the tests of one process share (each fixture gets its own virtual host and
/// database on them). Where a Docker engine answers, Testcontainers starts them; otherwise the locally started servers
/// (<c>deploy/local/servers.sh up</c>) are used, with the addresses and credentials of the <c>PLATFORM_*</c> variables
/// that script reads.
/// </summary>
public static class TestServers
{
    static readonly Lazy<Task<ServerEndpoints>> Endpoints = new(StartAsync);

    public static Task<ServerEndpoints> GetAsync() => Endpoints.Value;

    public static bool DockerAvailable => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;

    static async Task<ServerEndpoints> StartAsync()
    {
        if (DockerAvailable && Environment.GetEnvironmentVariable("PLATFORM_TEST_SERVERS") != "local")
            return await StartContainersAsync();
        var local = Local();
        await ServerChecks.EnsureReachableAsync(local);
        return local;
    }

    static ServerEndpoints Local()
    {
        static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
        return new ServerEndpoints(
            RabbitHost: "127.0.0.1",
            RabbitPort: int.Parse(Env("PLATFORM_RABBIT_PORT", "5672"), System.Globalization.CultureInfo.InvariantCulture),
            RabbitManagement: new Uri($"http://127.0.0.1:{Env("PLATFORM_RABBIT_MGMT_PORT", "15672")}/"),
            RabbitUser: Env("PLATFORM_RABBIT_ADMIN_USER", "platform-admin"),
            RabbitPassword: Env("PLATFORM_RABBIT_ADMIN_PASSWORD", "platform-admin"),
            PostgresHost: "127.0.0.1",
            PostgresPort: int.Parse(Env("PLATFORM_PG_PORT", "5432"), System.Globalization.CultureInfo.InvariantCulture),
            PostgresUser: Env("PLATFORM_PG_OWNER", "platform"),
            PostgresPassword: Env("PLATFORM_PG_OWNER_PASSWORD", "platform"))
        {
            RabbitNodes = Env("PLATFORM_RABBIT_NODES", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    static async Task<ServerEndpoints> StartContainersAsync()
    {
        var rabbit = new RabbitMqBuilder("rabbitmq:3.10-management")
            .WithUsername("platform-admin")
            .WithPassword("platform-admin")
            .WithPortBinding(15672, true)
            .Build();
        var postgres = new PostgreSqlBuilder("postgres:15")
            .WithUsername("platform")
            .WithPassword("platform")
            .Build();
        await Task.WhenAll(rabbit.StartAsync(), postgres.StartAsync());
        return new ServerEndpoints(
            RabbitHost: rabbit.Hostname,
            RabbitPort: rabbit.GetMappedPublicPort(5672),
            RabbitManagement: new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"),
            RabbitUser: "platform-admin",
            RabbitPassword: "platform-admin",
            PostgresHost: postgres.Hostname,
            PostgresPort: postgres.GetMappedPublicPort(5432),
            PostgresUser: "platform",
            PostgresPassword: "platform");
    }
}
