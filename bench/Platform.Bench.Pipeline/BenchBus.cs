using System.Collections.Concurrent;
using MassTransit;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Bench.Pipeline;

/// <summary>The bench's own bus on the fixture's virtual host: publishes as any service would and counts the
/// acceptances and rejections of the jobs it published (nothing else, so it adds no load of its own to the runs).</summary>
public sealed class BenchBus : IAsyncDisposable
{
    readonly IBusControl _bus;
    readonly ConcurrentDictionary<Guid, bool> _answered = new();
    int _accepted;
    int _rejected;

    BenchBus(ServerEndpoints servers, string virtualHost)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint($"bench-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.PrefetchCount = 1000;
                e.Handler<JobAccepted>(c => Answer(c.Message.JobId, accepted: true));
                e.Handler<JobRejected>(c => Answer(c.Message.JobId, accepted: false));
            });
        });
    }

    public IBus Bus => _bus;

    public int Accepted => Volatile.Read(ref _accepted);

    public int Rejected => Volatile.Read(ref _rejected);

    public static async Task<BenchBus> StartAsync(ServerEndpoints servers, string virtualHost)
    {
        var bus = new BenchBus(servers, virtualHost);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus._bus.StartAsync(timeout.Token);
        return bus;
    }

    /// <summary>Waits until <paramref name="count"/> jobs have been answered since <paramref name="before"/> answers.</summary>
    public async Task WaitForAnswersAsync(int before, int count, TimeSpan timeout, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (Accepted + Rejected - before < count)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}: {Accepted + Rejected - before} of {count} answered");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => new(_bus.StopAsync());

    Task Answer(Guid jobId, bool accepted)
    {
        // A job is answered once even if an answer is delivered twice.
        if (_answered.TryAdd(jobId, accepted))
            Interlocked.Increment(ref accepted ? ref _accepted : ref _rejected);
        return Task.CompletedTask;
    }
}
