using MassTransit;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Testing;

/// <summary>
/// A bus on a fixture's virtual host that records the messages it subscribes to (every platform event and faults of
/// ScheduleJob, or the types a test names) so tests can await them instead of sleeping, and that publishes commands as
/// any service would. It takes one message at a time, so messages arrive in the order the broker hands them over.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    readonly IBusControl _bus;
    readonly List<Arrival> _arrivals = [];
    readonly HashSet<Guid> _seen = [];
    readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Done)> _waiters = [];
    readonly Lock _lock = new();

    EventProbe(ServerEndpoints servers, string virtualHost, Action<Recorder> record)
    {
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
            {
                h.Username(servers.RabbitUser);
                h.Password(servers.RabbitPassword);
                if (servers.RabbitNodes.Count > 0)
                    h.UseCluster(c => { foreach (var node in servers.RabbitNodes) c.Node(node); });
            });
            cfg.ReceiveEndpoint($"probe-{Guid.NewGuid():N}", e =>
            {
                // On a cluster, a quorum queue: it outlives the node it was declared on, so the probe misses no event
                // while it reconnects to another (it goes with the virtual host). Otherwise the probe's own, gone with it.
                if (servers.RabbitNodes.Count > 0)
                {
                    e.SetQuorumQueue();
                }
                else
                {
                    e.AutoDelete = true;
                    e.Durable = false;
                }

                e.PrefetchCount = 16;
                e.ConcurrentMessageLimit = 1;
                record(new Recorder(this, e));
            });
        });
    }

    public IBus Bus => _bus;

    /// <summary>A probe of every platform event (and faults of ScheduleJob).</summary>
    public static Task<EventProbe> StartAsync(ServerEndpoints servers, string virtualHost) =>
        StartAsync(servers, virtualHost, r => r.PlatformEvents());

    /// <summary>A probe of the message types <paramref name="record"/> names.</summary>
    public static async Task<EventProbe> StartAsync(ServerEndpoints servers, string virtualHost, Action<Recorder> record)
    {
        var probe = new EventProbe(servers, virtualHost, record);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await probe._bus.StartAsync(timeout.Token);
        return probe;
    }

    /// <summary>Every <typeparamref name="T"/> received so far, once per message id, as a subscriber's inbox sees them (a
    /// message delivered or announced again with the same id counts once).</summary>
    public IReadOnlyList<T> Received<T>()
    {
        lock (_lock)
            return _arrivals.Where(a => a.First && a.Message is T).Select(a => (T)a.Message).ToList();
    }

    /// <summary>Every delivery of <typeparamref name="T"/> so far, copies included, in arrival order, with its message id.</summary>
    public IReadOnlyList<(Guid? MessageId, T Message)> Arrivals<T>()
    {
        lock (_lock)
            return _arrivals.Where(a => a.Message is T).Select(a => (a.MessageId, (T)a.Message)).ToList();
    }

    /// <summary>The first <typeparamref name="T"/> (already received or still to come) that matches, or a test failure
    /// naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitFor<T>(Func<T, bool> match, TimeSpan timeout, string what)
        where T : class
    {
        TaskCompletionSource<object> done;
        lock (_lock)
        {
            var existing = _arrivals.Select(a => a.Message).OfType<T>().FirstOrDefault(match);
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

    void Add(Guid? messageId, object message)
    {
        lock (_lock)
        {
            var first = messageId is not { } id || _seen.Add(id);
            _arrivals.Add(new Arrival(messageId, message, first));
            if (!first)
                return;
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                waiter.Done.TrySetResult(message);
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _bus.StopAsync(timeout.Token);
    }

    sealed record Arrival(Guid? MessageId, object Message, bool First);

    /// <summary>Chooses the message types a probe records.</summary>
    public sealed class Recorder(EventProbe probe, IReceiveEndpointConfigurator endpoint)
    {
        public Recorder Record<T>()
            where T : class
        {
            endpoint.Handler<T>(context =>
            {
                probe.Add(context.MessageId, context.Message);
                return Task.CompletedTask;
            });
            return this;
        }

        /// <summary>Every platform event, faults of ScheduleJob and worker announcements.</summary>
        public Recorder PlatformEvents() =>
            Record<JobAccepted>().Record<JobRejected>().Record<JobRunQueued>().Record<JobRunStarted>().Record<JobRunSucceeded>()
                .Record<JobRunFailed>().Record<JobRunDeadLettered>().Record<JobRunCancelled>().Record<JobRunHeartbeat>()
                .Record<JobSlaViolated>().Record<JobMissed>().Record<JobCancelled>().Record<JobPaused>().Record<JobResumed>()
                .Record<JobCompleted>().Record<Fault<ScheduleJob>>().Record<WorkerAnnounced>();
    }
}
