using System.Net.Http.Json;
using NUnit.Framework;
using Platform.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A RabbitMQ user of a fixture's virtual host with exactly the permissions deploy/rabbitmq/permissions.txt gives a
/// service (its line there), and the checks of what those permissions refuse.</summary>
internal sealed class DeployedBrokerUser(HttpClient management, ServerEndpoints servers, string virtualHost, string name, string password)
{
    public string Name => name;

    public string Password => password;

    /// <summary>Creates the user and grants it <paramref name="service"/>'s configure, write and read expressions.</summary>
    public static async Task<DeployedBrokerUser> CreateAsync(HttpClient management, ServerEndpoints servers, string virtualHost, string service)
    {
        var line = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "rabbitmq-permissions.txt"))
            .Single(l => l.StartsWith(service + "\t", StringComparison.Ordinal)).Split('\t');
        var user = new DeployedBrokerUser(management, servers, virtualHost, $"test-{service}-{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"));
        using (var created = await management.PutAsync(new Uri($"api/users/{user.Name}", UriKind.Relative),
                   JsonContent.Create(new { password = user.Password, tags = "" })))
            created.EnsureSuccessStatusCode();
        using (var granted = await management.PutAsync(new Uri($"api/permissions/{virtualHost}/{user.Name}", UriKind.Relative),
                   JsonContent.Create(new { configure = line[1], write = line[2], read = line[3] })))
            granted.EnsureSuccessStatusCode();
        return user;
    }

    /// <summary>The fixture's configuration, connecting to the broker as this user.</summary>
    public Dictionary<string, string?> Apply(Dictionary<string, string?> configuration)
    {
        configuration["Platform:RabbitMq:Username"] = name;
        configuration["Platform:RabbitMq:Password"] = password;
        return configuration;
    }

    /// <summary>Asserts that the broker refuses (403) this user reading <paramref name="queue"/> and publishing
    /// <paramref name="body"/> to <paramref name="exchange"/>.</summary>
    public async Task AssertRefusedAsync(string queue, string exchange, string routingKey, string body, string what)
    {
        await AssertReadRefusedAsync(queue);
        await using var connection = await ConnectAsync();
        await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var denied = Assert.CatchAsync(async () =>
            await publishing.BasicPublishAsync(exchange, routingKey, mandatory: false, new BasicProperties(), System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.That(denied, Is.InstanceOf<OperationInterruptedException>().Or.InstanceOf<AlreadyClosedException>()
            .Or.InstanceOf<PublishException>(), $"{what}: {denied}");
        Assert.That(publishing.CloseReason?.ReplyCode, Is.EqualTo(403), "the broker refused the publish");
    }

    /// <summary>Asserts that the broker refuses (403) this user reading <paramref name="queue"/>.</summary>
    public async Task AssertReadRefusedAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var reading = await connection.CreateChannelAsync();
        var refused = Assert.ThrowsAsync<OperationInterruptedException>(() => reading.BasicGetAsync(queue, autoAck: false));
        Assert.That(refused!.ShutdownReason?.ReplyCode, Is.EqualTo(403), $"reading {queue}");
    }

    Task<IConnection> ConnectAsync() => new ConnectionFactory
    {
        HostName = servers.RabbitHost,
        Port = servers.RabbitPort,
        VirtualHost = virtualHost,
        UserName = name,
        Password = password,
    }.CreateConnectionAsync();

    public async Task DeleteAsync()
    {
        using (await management.DeleteAsync(new Uri($"api/users/{name}", UriKind.Relative)))
        {
        }
    }
}
