using System.Collections.Concurrent;
using MassTransit;
using Platform.Messaging;

namespace Platform.Testing.Api;

/// <summary>A queue on the fixture's virtual host bound to one command type, recording each message with the sender
/// header it carried, as a worker would receive it.</summary>
public sealed class CommandProbe<T> : IAsyncDisposable
    where T : class
{
    readonly IBusControl _bus;
    readonly ConcurrentQueue<(T Message, string? Sender)> _received = new();

    public CommandProbe(ServerEndpoints servers, string virtualHost)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint($"command-probe-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<T>(context =>
                {
                    _received.Enqueue((context.Message, context.Headers.Get<string>(PlatformHeaders.Sender)));
                    return Task.CompletedTask;
                });
            });
        });
    }

    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _bus.StartAsync(timeout.Token);
    }

    public IReadOnlyList<(T Message, string? Sender)> Received => _received.ToList();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }
}
