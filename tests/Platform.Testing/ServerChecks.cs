using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Platform.Testing;

internal static class ServerChecks
{
    const string Hint = "Start the local servers first: sudo deploy/local/servers.sh up (or run the README's test command, which does)";

    public static async Task EnsureReachableAsync(ServerEndpoints servers)
    {
        try
        {
            using var http = RabbitManagement.CreateClient(servers);
            using var response = await http.GetAsync(new Uri("api/overview", UriKind.Relative));
            response.EnsureSuccessStatusCode();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            throw new InvalidOperationException($"RabbitMQ management API at {servers.RabbitManagement} is not reachable: {exception.Message}. {Hint}",
                exception);
        }

        try
        {
            await using var connection = new NpgsqlConnection(servers.PostgresConnectionString("postgres"));
            await connection.OpenAsync();
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"PostgreSQL at {servers.PostgresHost}:{servers.PostgresPort} is not reachable: {exception.Message}. {Hint}",
                exception);
        }
    }
}

internal static class RabbitManagement
{
    public static HttpClient CreateClient(ServerEndpoints servers)
    {
        var client = new HttpClient { BaseAddress = servers.RabbitManagement, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{servers.RabbitUser}:{servers.RabbitPassword}")));
        return client;
    }
}
