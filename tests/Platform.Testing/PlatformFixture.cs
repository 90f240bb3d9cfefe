using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using NUnit.Framework;

namespace Platform.Testing;

/// <summary>
/// Base of every integration fixture: its own RabbitMQ virtual host and its own PostgreSQL database on the real servers,
/// created before the fixture's tests and deleted after them, so fixtures run in any order and in parallel.
/// </summary>
public abstract class PlatformFixture
{
    ServerEndpoints? _servers;
    HttpClient? _management;

    protected ServerEndpoints Servers => _servers ?? throw new InvalidOperationException("The fixture has not been set up");

    /// <summary>This fixture's virtual host.</summary>
    protected string VirtualHost { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>This fixture's database.</summary>
    protected string Database { get; } = $"test_{Guid.NewGuid():N}";

    protected string ConnectionString => Servers.PostgresConnectionString(Database);

    protected HttpClient Management => _management ?? throw new InvalidOperationException("The fixture has not been set up");

    [OneTimeSetUp]
    public async Task CreateVirtualHostAndDatabaseAsync()
    {
        _servers = await TestServers.GetAsync();
        _management = RabbitManagement.CreateClient(_servers);
        using (var created = await _management.PutAsync(new Uri($"api/vhosts/{VirtualHost}", UriKind.Relative), JsonContent.Create(new { })))
            created.EnsureSuccessStatusCode();
        using (var granted = await _management.PutAsync(new Uri($"api/permissions/{VirtualHost}/{Uri.EscapeDataString(_servers.RabbitUser)}", UriKind.Relative),
                   JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" })))
            granted.EnsureSuccessStatusCode();

        await using var connection = new NpgsqlConnection(_servers.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{Database}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task DeleteVirtualHostAndDatabaseAsync()
    {
        if (_servers is null || _management is null)
            return;
        using (await _management.DeleteAsync(new Uri($"api/vhosts/{VirtualHost}", UriKind.Relative)))
        {
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_servers.PostgresConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"drop database if exists \"{Database}\" with (force)", connection);
        // A role without pg_signal_backend (servers not set up by deploy/local/servers.sh) cannot end an autovacuum worker
        // that is in the database: it finishes within moments, so the drop is tried again for a while.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                break;
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }

        _management.Dispose();
    }

    /// <summary>Configuration that points the platform's services at this fixture's virtual host and database (and at the
    /// cluster's nodes, where the servers are a cluster).</summary>
    protected Dictionary<string, string?> PlatformConfiguration()
    {
        var configuration = BrokerAndDatabase();
        for (var i = 0; i < Servers.RabbitNodes.Count; i++)
            configuration[$"Platform:RabbitMq:Nodes:{i}"] = Servers.RabbitNodes[i];
        return configuration;
    }

    Dictionary<string, string?> BrokerAndDatabase() => new()
    {
        ["Platform:RabbitMq:Host"] = Servers.RabbitHost,
        ["Platform:RabbitMq:Port"] = Servers.RabbitPort.ToString(CultureInfo.InvariantCulture),
        ["Platform:RabbitMq:VirtualHost"] = VirtualHost,
        ["Platform:RabbitMq:Username"] = Servers.RabbitUser,
        ["Platform:RabbitMq:Password"] = Servers.RabbitPassword,
        ["Platform:Scheduler:ConnectionString"] = ConnectionString,
        ["Platform:Quartz:ConnectionString"] = ConnectionString,
    };

    /// <summary>A tracked session over this fixture's virtual host and database: observe buses, act, wait until quiet,
    /// then count exactly.</summary>
    protected TrackedSession Track() => TrackedSession.Start(Management, VirtualHost, ConnectionString);

    /// <summary>Publishes plain JSON (content type application/json) to an exchange, as a service in another language would.</summary>
    protected async Task PublishRawJsonAsync(string exchange, string json)
    {
        var request = new
        {
            properties = new { content_type = "application/json", delivery_mode = 2, app_id = "raw-json-test" },
            routing_key = "",
            payload = json,
            payload_encoding = "string",
        };
        using var response = await Management.PostAsync(
            new Uri($"api/exchanges/{VirtualHost}/{Uri.EscapeDataString(exchange)}/publish", UriKind.Relative), JsonContent.Create(request));
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(result?["routed"]?.GetValue<bool>(), Is.True, $"raw JSON published to {exchange} was not routed to any queue");
    }

    /// <summary>Reads (and requeues) up to <paramref name="count"/> messages of a queue, as an operator would in the
    /// management UI. Returns an empty list when the queue does not exist.</summary>
    protected async Task<IReadOnlyList<JsonElement>> PeekQueueAsync(string queue, int count = 10)
    {
        using var response = await Management.PostAsync(new Uri($"api/queues/{VirtualHost}/{Uri.EscapeDataString(queue)}/get", UriKind.Relative),
            JsonContent.Create(new { count, ackmode = "ack_requeue_true", encoding = "auto" }));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<JsonElement>>() ?? [];
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with <paramref name="what"/> after
    /// <paramref name="timeout"/>. For state that has no event to await (a database row, a queue).</summary>
    protected static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
                Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(100);
        }
    }
}
