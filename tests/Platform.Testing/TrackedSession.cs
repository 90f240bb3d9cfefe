using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Npgsql;
using NUnit.Framework;

namespace Platform.Testing;

/// <summary>
/// What the buses of a test consumed, counted exactly once everything has settled, in the way MassTransit's test harness
/// and Wolverine's tracked sessions let a test say "once", "never" or "exactly": observe the buses (the services' in this
/// process and a probe's, whose consumption is what a subscriber receives), act, <see cref="WaitUntilQuietAsync"/>, then
/// count with <see cref="Consumed{T}"/>. A test that only waited for the first copy of a message cannot see a second one
/// that arrives later; a quiet session has nothing left in flight that could still add one.
/// </summary>
/// <remarks>
/// Quiet means, all at once and for <see cref="QuietFor"/> in a row: no observed bus is receiving a message, nothing new
/// was consumed, every queue of the virtual host that has a consumer is empty (ready and unacknowledged; queues without
/// consumers, such as error queues, hold what they hold), and no outbox of the fixture's database holds a message still
/// to be delivered. Messages scheduled for later (a retry's delay, a future fire) are not activity: a test counts after
/// what it waits for has come due.
/// </remarks>
public sealed class TrackedSession : IDisposable
{
    readonly HttpClient _management;
    readonly string _virtualHost;
    readonly string? _connectionString;
    readonly List<ConnectHandle> _handles = [];
    readonly List<ObservedMessage> _consumed = [];
    readonly Lock _lock = new();
    int _receiving;
    long _activity;

    TrackedSession(HttpClient management, string virtualHost, string? connectionString)
    {
        _management = management;
        _virtualHost = virtualHost;
        _connectionString = connectionString;
    }

    /// <summary>How long the virtual host must stay quiet before <see cref="WaitUntilQuietAsync"/> returns.</summary>
    public TimeSpan QuietFor { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A session over <paramref name="virtualHost"/>; <paramref name="connectionString"/> names the database
    /// whose outboxes (every <c>outbox_message</c> table in it) must be empty to be quiet.</summary>
    public static TrackedSession Start(HttpClient management, string virtualHost, string? connectionString) =>
        new(management, virtualHost, connectionString);

    /// <summary>Counts what <paramref name="bus"/> consumes from now on, under <paramref name="name"/>.</summary>
    public TrackedSession Observe(IBus bus, string name)
    {
        var observer = new Observer(this, name);
        _handles.Add(bus.ConnectReceiveObserver(observer));
        _handles.Add(bus.ConnectConsumeObserver(observer));
        return this;
    }

    /// <summary>Every <typeparamref name="T"/> consumed so far (on the bus named <paramref name="by"/>, or on any), each
    /// delivery counted, a redelivered copy too.</summary>
    public IReadOnlyList<ObservedMessage<T>> Consumed<T>(Func<T, bool>? match = null, string? by = null)
        where T : class
    {
        lock (_lock)
        {
            return _consumed
                .Where(c => c.Message is T message && (match is null || match(message)) && (by is null || c.Bus == by))
                .Select(c => new ObservedMessage<T>((T)c.Message, c.MessageId, c.Bus, c.Faulted))
                .ToList();
        }
    }

    /// <summary>Waits until the virtual host is quiet (see the class remarks); a test failure naming
    /// <paramref name="what"/> and what was still busy after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilQuietAsync(TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var quietSince = (TimeSpan?)null;
        var lastActivity = Interlocked.Read(ref _activity);
        while (true)
        {
            var busy = await BusyAsync();
            var activity = Interlocked.Read(ref _activity);
            if (busy is not null || activity != lastActivity)
                quietSince = null;
            else
                quietSince ??= watch.Elapsed;
            lastActivity = activity;
            if (quietSince is { } since && watch.Elapsed - since >= QuietFor)
                return;
            if (watch.Elapsed > timeout)
                Assert.Fail($"Waited {timeout.TotalSeconds} s for the bus to be quiet after {what}; still busy: {busy ?? "messages kept being consumed"}");
            await Task.Delay(100);
        }
    }

    /// <summary>What keeps the session from being quiet right now, or null.</summary>
    async Task<string?> BusyAsync()
    {
        var receiving = Volatile.Read(ref _receiving);
        if (receiving > 0)
            return $"{receiving} message(s) being received";

        using var response = await _management.GetAsync(new Uri($"api/queues/{_virtualHost}?columns=name,consumers,messages", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        foreach (var queue in await response.Content.ReadFromJsonAsync<List<JsonElement>>() ?? [])
        {
            var consumers = queue.TryGetProperty("consumers", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            var messages = queue.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0;
            if (consumers > 0 && messages > 0)
                return $"queue {queue.GetProperty("name").GetString()} holds {messages} message(s)";
        }

        if (_connectionString is null)
            return null;
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var outboxes = new List<string>();
        await using (var find = new NpgsqlCommand(
                         "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables where table_name = 'outbox_message'",
                         connection))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                outboxes.Add(reader.GetString(0));
        }

        foreach (var outbox in outboxes)
        {
            await using var count = new NpgsqlCommand($"select count(*) from {outbox}", connection);
            if ((long)(await count.ExecuteScalarAsync())! is var pending and > 0)
                return $"{outbox} holds {pending} message(s) to deliver";
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var handle in _handles)
            handle.Disconnect();
        _handles.Clear();
    }

    sealed class Observer(TrackedSession session, string bus) : IReceiveObserver, IConsumeObserver
    {
        public Task PreReceive(ReceiveContext context)
        {
            Interlocked.Increment(ref session._receiving);
            Interlocked.Increment(ref session._activity);
            return Task.CompletedTask;
        }

        public Task PostReceive(ReceiveContext context)
        {
            Interlocked.Decrement(ref session._receiving);
            Interlocked.Increment(ref session._activity);
            return Task.CompletedTask;
        }

        public Task ReceiveFault(ReceiveContext context, Exception exception) => PostReceive(context);

        public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
            where T : class => Task.CompletedTask;

        public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
            where T : class => Task.CompletedTask;

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class => Record(context, faulted: false);

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Record(context, faulted: true);

        Task Record<T>(ConsumeContext<T> context, bool faulted)
            where T : class
        {
            lock (session._lock)
                session._consumed.Add(new ObservedMessage(context.Message, context.MessageId, bus, faulted));
            Interlocked.Increment(ref session._activity);
            return Task.CompletedTask;
        }
    }

    sealed record ObservedMessage(object Message, Guid? MessageId, string Bus, bool Faulted);
}

/// <summary>One consumption a <see cref="TrackedSession"/> observed.</summary>
public sealed record ObservedMessage<T>(T Message, Guid? MessageId, string Bus, bool Faulted);
