using System.Collections.Concurrent;
using MassTransit;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Testing;

/// <summary>
/// A bus on a fixture's virtual host that records every platform event (and faults of ScheduleJob) so tests can await
/// them instead of sleeping, and that publishes commands as any service would.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    readonly IBusControl _bus;
    readonly ConcurrentQueue<object> _received = new();
    readonly HashSet<Guid> _seen = [];
    readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Done)> _waiters = [];
    readonly Lock _lock = new();

    EventProbe(ServerEndpoints servers, string virtualHost)
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
                Record<JobAccepted>(e);
                Record<JobRejected>(e);
                Record<JobRunQueued>(e);
                Record<JobRunStarted>(e);
                Record<JobRunSucceeded>(e);
                Record<JobRunFailed>(e);
                Record<JobRunDeadLettered>(e);
                Record<JobRunCancelled>(e);
                Record<JobRunHeartbeat>(e);
                Record<JobSlaViolated>(e);
                Record<JobMissed>(e);
                Record<JobCancelled>(e);
                Record<JobPaused>(e);
                Record<JobResumed>(e);
                Record<JobCompleted>(e);
                Record<Fault<ScheduleJob>>(e);
                Record<WorkerAnnounced>(e);
            });
        });
    }

    public IBus Bus => _bus;

    public static async Task<EventProbe> StartAsync(ServerEndpoints servers, string virtualHost)
    {
        var probe = new EventProbe(servers, virtualHost);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await probe._bus.StartAsync(timeout.Token);
        return probe;
    }

    /// <summary>Every <typeparamref name="T"/> received so far.</summary>
    public IReadOnlyList<T> Received<T>() => _received.OfType<T>().ToList();

    /// <summary>The first <typeparamref name="T"/> (already received or still to come) that matches, or a test failure
    /// naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan timeout, string what)
        where T : class
    {
        TaskCompletionSource<object> done;
        lock (_lock)
        {
            var existing = _received.OfType<T>().FirstOrDefault(match);
            if (existing is not null)
                return existing;
            done = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((m => m is T t && match(t), done));
        }

        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        if (finished != done.Task)
            Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {typeof(T).Name}: {what}");
        return (T)await done.Task;
    }

    void Record<T>(IReceiveEndpointConfigurator endpoint)
        where T : class =>
        endpoint.Handler<T>(context =>
        {
            lock (_lock)
            {
                // As a subscriber's inbox does: the same message delivered or announced again (same message id) counts once.
                if (context.MessageId is { } id && !_seen.Add(id))
                    return Task.CompletedTask;
                _received.Enqueue(context.Message);
                foreach (var waiter in _waiters.Where(w => w.Match(context.Message)).ToList())
                {
                    waiter.Done.TrySetResult(context.Message);
                    _waiters.Remove(waiter);
                }
            }

            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }
}
