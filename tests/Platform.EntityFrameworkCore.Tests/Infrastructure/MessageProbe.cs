using MassTransit;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A bus of its own on the fixture's virtual host that records the messages of the types it was told about, with their
/// message ids, in the order the broker hands them over (one at a time), so tests await them instead of sleeping and can
/// count copies.
/// </summary>
public sealed class MessageProbe : IAsyncDisposable
{
    readonly IBusControl _bus;
    readonly List<Arrival> _received = [];
    readonly List<(Func<Arrival, bool> Match, TaskCompletionSource<Arrival> Done)> _waiters = [];
    readonly Lock _lock = new();

    MessageProbe(ServerEndpoints servers, string virtualHost, Action<Recorder> record)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint($"probe-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.PrefetchCount = 16;
                e.ConcurrentMessageLimit = 1;
                record(new Recorder(this, e));
            });
        });
    }

    public IBus Bus => _bus;

    public static async Task<MessageProbe> StartAsync(ServerEndpoints servers, string virtualHost, Action<Recorder> record)
    {
        var probe = new MessageProbe(servers, virtualHost, record);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await probe._bus.StartAsync(timeout.Token);
        return probe;
    }

    /// <summary>Every <typeparamref name="T"/> received so far, in arrival order.</summary>
    public IReadOnlyList<(Guid? MessageId, T Message)> Received<T>()
    {
        lock (_lock)
            return _received.Where(r => r.Message is T).Select(r => (r.MessageId, (T)r.Message)).ToList();
    }

    /// <summary>The first <typeparamref name="T"/> (received already or still to come) that matches, or a test failure
    /// naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan timeout, string what)
        where T : class
    {
        TaskCompletionSource<Arrival> done;
        lock (_lock)
        {
            var existing = _received.FirstOrDefault(r => r.Message is T t && match(t));
            if (existing is not null)
                return (T)existing.Message;
            done = new TaskCompletionSource<Arrival>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((r => r.Message is T t && match(t), done));
        }

        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        if (finished != done.Task)
            Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {typeof(T).Name}: {what}");
        return (T)(await done.Task).Message;
    }

    void Add(Arrival received)
    {
        lock (_lock)
        {
            _received.Add(received);
            foreach (var waiter in _waiters.Where(w => w.Match(received)).ToList())
            {
                waiter.Done.TrySetResult(received);
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }

    sealed record Arrival(Guid? MessageId, object Message);

    /// <summary>Chooses the message types a probe records.</summary>
    public sealed class Recorder(MessageProbe probe, IReceiveEndpointConfigurator endpoint)
    {
        public Recorder Record<T>()
            where T : class
        {
            endpoint.Handler<T>(context =>
            {
                probe.Add(new Arrival(context.MessageId, context.Message));
                return Task.CompletedTask;
            });
            return this;
        }
    }
}
