using System.Text.Json;
using MassTransit;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Publishes runs as the scheduler does (the platform's run routing: direct exchange, key by type and priority,
/// the priority on the message).</summary>
public sealed class RunPublisher : IAsyncDisposable
{
    readonly IBusControl _bus;

    RunPublisher(ServerEndpoints servers, string virtualHost)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ConfigureRunRouting();
        });
    }

    public static async Task<RunPublisher> StartAsync(ServerEndpoints servers, string virtualHost)
    {
        var publisher = new RunPublisher(servers, virtualHost);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await publisher._bus.StartAsync(timeout.Token);
        return publisher;
    }

    public IBus Bus => _bus;

    public static ExecuteJobRun Run(string jobType, TestPayload payload, int priority = 5, RetryPolicy? retry = null, TimeSpan? timeout = null) => new()
    {
        JobId = Guid.NewGuid(),
        RunId = Guid.NewGuid(),
        Attempt = 1,
        ScheduledFor = TimeProvider.System.GetUtcNow(),
        FiredAt = TimeProvider.System.GetUtcNow(),
        JobType = jobType,
        Payload = JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web),
        Priority = priority,
        Retry = retry,
        Timeout = timeout,
    };

    public Task Publish(ExecuteJobRun run) => _bus.Publish(run, x => x.SetPriority((byte)run.Priority));

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }
}
