using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// One transaction of a <see cref="TransactionBatcher{TDbContext}"/>: its scope and DbContext, the saga instances its
/// messages read or created, and the queue of messages published in process (consumed after the message that published
/// them, before that message's changes are saved).
/// </summary>
internal sealed class BatchUnit(DbContext db, IServiceScope scope, BatchSettings settings, bool preInsert)
{
    readonly Dictionary<Type, ISagaCache> _sagas = [];
    readonly Queue<Func<Task>> _inProcess = new();

    public DbContext Db => db;

    public IServiceProvider Services => scope.ServiceProvider;

    /// <summary>The outbox rows of the unit's messages, written when the unit saves.</summary>
    public OutboxRows Outbox { get; } = new();

    /// <summary>Initial events configured InsertOnInitial create their instance without looking for it first (false after
    /// such an insert failed on its key: the unit then runs again looking every instance up).</summary>
    public bool PreInsert => preInsert;

    /// <summary>Announces the instances <paramref name="message"/>'s chain will need besides its own (<see cref="IBatchPreload"/>).</summary>
    public void Announce<T>(T message)
        where T : class
    {
        foreach (var preload in settings.PreloadsOf(typeof(T)))
            preload.Announce(message, this);
    }

    public SagaCache<TSaga> Sagas<TSaga>()
        where TSaga : class, ISaga
    {
        if (_sagas.TryGetValue(typeof(TSaga), out var cache))
            return (SagaCache<TSaga>)cache;
        var created = new SagaCache<TSaga>(db);
        SagaModelCheck<TSaga>.Ensure(db);
        _sagas.Add(typeof(TSaga), created);
        return created;
    }

    /// <summary>Loads, in one query per saga type, every instance the unit's messages announced.</summary>
    public async Task PreloadAsync(CancellationToken cancellationToken)
    {
        foreach (var cache in _sagas.Values)
            await cache.PreloadAsync(cancellationToken);
        Forget();
    }

    /// <summary>Queues <paramref name="message"/> for its in-process handler; false when its type is not dispatched in process.</summary>
    public bool TryDispatchInProcess<T>(T message, ConsumeContext publisher)
        where T : class
    {
        if (!settings.InProcess.TryGetValue(typeof(T), out var handler))
            return false;
        var typed = (IBatchHandler<T>)handler;
        // Consumed in the span that published it (MassTransit's outbox send), as a consumer of a delivery would be.
        var parent = Activity.Current;
        _inProcess.Enqueue(() =>
        {
            Activity.Current = parent;
            return typed.DispatchAsync(this, new InProcessConsumeContext<T>(publisher, message, handler.InputAddress));
        });
        return true;
    }

    /// <summary>Consumes the messages published in process, and what they publish in turn, until none is left. The changes
    /// of earlier messages of the unit are saved; the changes made earlier in this chain are not (one save per message
    /// consumed from the broker, not per link): a consumer that queries what its publisher changed saves first.</summary>
    public async Task DrainAsync()
    {
        while (_inProcess.TryDequeue(out var next))
            await next();
    }

    /// <summary>After one message: saves its changes (so the next message's queries see them) and clears the change
    /// tracker, so each save looks at one message's entities only; with <see cref="BatchSettings.SaveOncePerTransaction"/>,
    /// nothing until <see cref="SaveAllAsync"/>.</summary>
    public Task SaveMessageAsync(CancellationToken cancellationToken) =>
        settings.SaveOncePerTransaction ? Task.CompletedTask : SaveAllAsync(cancellationToken);

    /// <summary>Saves every change not saved yet, the outbox rows first.</summary>
    public async Task SaveAllAsync(CancellationToken cancellationToken)
    {
        await Outbox.WriteAsync(db, cancellationToken);
        // Saved once, right before the commit: what the unit added is not read back, so it can go in with COPY.
        if (settings.SaveOncePerTransaction)
            await AddedEntityCopy.CopyAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Forget();
    }

    public bool TryGetScopePayload<T>(out T payload)
    {
        object? value = typeof(T) == typeof(IServiceScope) ? scope : typeof(T) == typeof(IServiceProvider) ? scope.ServiceProvider : null;
        payload = (T)value!;
        return value is not null;
    }

    void Forget()
    {
        foreach (var cache in _sagas.Values)
            cache.CaptureRowVersions();
        db.ChangeTracker.Clear();
    }
}
