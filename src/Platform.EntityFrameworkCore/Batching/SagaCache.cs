using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore.Batching;

internal interface ISagaCache
{
    Task PreloadAsync(CancellationToken cancellationToken);

    /// <summary>After a save: remembers each tracked instance's row version, since the unit's change tracker is cleared.</summary>
    void CaptureRowVersions();
}

/// <summary>
/// The instances of one saga type a transaction has read, created or found missing. The change tracker is cleared after
/// each message's save (so that each save looks at one message's changes, not at every instance of the batch), so an
/// instance is attached again, with the row version it was last read or written at, when the next message needs it.
/// </summary>
internal sealed class SagaCache<TSaga>(DbContext db) : ISagaCache
    where TSaga : class, ISaga
{
    readonly Dictionary<Guid, Entry?> _known = [];
    readonly HashSet<Guid> _wanted = [];
    readonly List<Entry> _tracked = [];

    /// <summary>Whether the unit has read, created or found missing this instance already.</summary>
    public bool IsKnown(Guid correlationId) => _known.ContainsKey(correlationId);

    public void Want(Guid correlationId)
    {
        if (!_known.ContainsKey(correlationId))
            _wanted.Add(correlationId);
    }

    public async Task PreloadAsync(CancellationToken cancellationToken)
    {
        if (_wanted.Count == 0)
            return;
        var ids = _wanted.ToList();
        _wanted.Clear();
        foreach (var instance in await db.Set<TSaga>().Where(s => ids.Contains(s.CorrelationId)).ToListAsync(cancellationToken))
            _known[instance.CorrelationId] = Track(new Entry(instance, RowVersionOf(instance)));
        foreach (var id in ids)
            _known.TryAdd(id, null);
    }

    /// <summary>The instance, tracked by the unit's DbContext, or null when there is none.</summary>
    public async Task<TSaga?> GetAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        if (!_known.TryGetValue(correlationId, out var entry))
        {
            var loaded = await db.Set<TSaga>().SingleOrDefaultAsync(s => s.CorrelationId == correlationId, cancellationToken);
            entry = loaded is null ? null : Track(new Entry(loaded, RowVersionOf(loaded)));
            _known[correlationId] = entry;
        }

        if (entry is null)
            return null;
        var tracked = db.Entry(entry.Instance);
        if (tracked.State == EntityState.Detached)
        {
            // The row version first, then attach: the snapshot taken on attaching holds it as the value read.
            tracked.Property(SagaModelBuilderExtensions.RowVersion).CurrentValue = entry.RowVersion;
            tracked.State = EntityState.Unchanged;
            Track(entry);
        }

        return entry.Instance;
    }

    /// <summary>A new instance: inserted with the message's other changes.</summary>
    public void Add(TSaga instance)
    {
        db.Add(instance);
        _known[instance.CorrelationId] = Track(new Entry(instance, null));
    }

    /// <summary>A finished instance: deleted with the message's other changes.</summary>
    public void Remove(TSaga instance)
    {
        db.Remove(instance);
        _known[instance.CorrelationId] = null;
    }

    public void CaptureRowVersions()
    {
        foreach (var entry in _tracked)
        {
            var tracked = db.Entry(entry.Instance);
            if (tracked.State != EntityState.Detached)
                entry.RowVersion = tracked.Property(SagaModelBuilderExtensions.RowVersion).CurrentValue;
        }

        _tracked.Clear();
    }

    Entry Track(Entry entry)
    {
        _tracked.Add(entry);
        return entry;
    }

    object? RowVersionOf(TSaga instance) => db.Entry(instance).Property(SagaModelBuilderExtensions.RowVersion).CurrentValue;

    sealed class Entry(TSaga instance, object? rowVersion)
    {
        public TSaga Instance { get; } = instance;

        public object? RowVersion { get; set; } = rowVersion;
    }
}
