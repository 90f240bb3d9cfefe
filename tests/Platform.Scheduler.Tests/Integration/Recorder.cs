using System.Collections;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>What OpenTelemetry's in-memory exporter exports (spans, log records), safe to read while the hosts export more.</summary>
internal sealed class Recorder<T> : ICollection<T>
{
    readonly List<T> _spans = [];
    readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    /// <summary>What was exported so far.</summary>
    public List<T> Snapshot()
    {
        lock (_lock)
            return [.. _spans];
    }

    /// <summary>Waits until <paramref name="count"/> exported items match, then returns them in export order.</summary>
    public async Task<List<T>> WaitFor(Func<T, bool> match, int count, TimeSpan timeout, string what)
    {
        using var expired = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = Snapshot().Where(match).ToList();
            if (found.Count >= count)
                return found;
            if (expired.IsCancellationRequested)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds} s for {count} of {what}; found {found.Count} among {Count} exported");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public void Add(T item)
    {
        lock (_lock)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock)
            _spans.Clear();
    }

    public bool Contains(T item)
    {
        lock (_lock)
            return _spans.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_lock)
            _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_lock)
            return _spans.Remove(item);
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
