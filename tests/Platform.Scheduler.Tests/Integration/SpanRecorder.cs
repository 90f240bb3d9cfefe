using System.Collections;
using System.Diagnostics;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>The spans OpenTelemetry's in-memory exporter exports, safe to read while the hosts export more.</summary>
internal sealed class SpanRecorder : ICollection<Activity>
{
    readonly List<Activity> _spans = [];
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

    /// <summary>The spans exported so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (_lock)
            return [.. _spans];
    }

    /// <summary>Waits until <paramref name="count"/> exported spans match, then returns them in start order.</summary>
    public async Task<List<Activity>> WaitFor(Func<Activity, bool> match, int count, TimeSpan timeout, string what)
    {
        using var expired = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = Snapshot().Where(match).OrderBy(s => s.StartTimeUtc).ToList();
            if (found.Count >= count)
                return found;
            if (expired.IsCancellationRequested)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds} s for {count} span(s) of {what}; found {found.Count} among {Count} exported");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
            _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock)
            _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
            return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
            _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
            return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
