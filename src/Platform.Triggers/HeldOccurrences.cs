using System.Diagnostics;
using Platform.Contracts;
using Platform.Scheduling;

namespace Platform.Triggers;

/// <summary>An occurrence an engine instance has claimed and holds in memory until it is due.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Version">The trigger's definition version.</param>
/// <param name="Misfire">The job's misfire policy.</param>
/// <param name="MaxRuns">The trigger's run limit, if any.</param>
/// <param name="FireCount">Runs fired so far.</param>
/// <param name="Due">The occurrence held.</param>
/// <param name="Times">The trigger's occurrences.</param>
/// <param name="Scheduling">The trace context of the definition that scheduled the trigger (default when none was stored).</param>
/// <param name="Once">The trigger has a single occurrence (kind Once), whose fire continues that trace.</param>
internal sealed record Claimed(Guid JobId, int Version, MisfirePolicy Misfire, int? MaxRuns, int FireCount, DateTimeOffset Due, ITriggerSchedule Times,
    ActivityContext Scheduling, bool Once);

/// <summary>The claimed occurrences this instance holds, earliest first; one per job (a newer claim of a job replaces the
/// one it held). Thread-safe.</summary>
internal sealed class HeldOccurrences
{
    readonly Lock _lock = new();
    readonly PriorityQueue<Claimed, DateTimeOffset> _due = new();
    readonly Dictionary<Guid, Claimed> _held = [];

    public int Count
    {
        get
        {
            lock (_lock)
                return _held.Count;
        }
    }

    /// <summary>Holds each occurrence, replacing what was held for its job.</summary>
    public void Hold(IEnumerable<Claimed> occurrences)
    {
        lock (_lock)
        {
            foreach (var occurrence in occurrences)
            {
                _held[occurrence.JobId] = occurrence;
                _due.Enqueue(occurrence, occurrence.Due);
            }
        }
    }

    /// <summary>Holds the next occurrence of a job just fired, unless a newer claim of the job arrived meanwhile.</summary>
    public bool HoldNext(Claimed next)
    {
        lock (_lock)
        {
            if (_held.ContainsKey(next.JobId))
                return false;
            _held[next.JobId] = next;
            _due.Enqueue(next, next.Due);
            return true;
        }
    }

    /// <summary>When the earliest held occurrence is due, or null when none is held.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
            return PeekLocked();
    }

    /// <summary>Takes up to <paramref name="limit"/> occurrences due at <paramref name="now"/>, earliest first.</summary>
    public List<Claimed> TakeDue(DateTimeOffset now, int limit)
    {
        var batch = new List<Claimed>();
        lock (_lock)
        {
            while (batch.Count < limit && PeekLocked() is { } due && due <= now)
            {
                var entry = _due.Dequeue();
                _held.Remove(entry.JobId);
                batch.Add(entry);
            }
        }

        return batch;
    }

    /// <summary>The earliest held occurrence; entries replaced or taken since they were queued are dropped.</summary>
    DateTimeOffset? PeekLocked()
    {
        while (_due.TryPeek(out var entry, out var due))
        {
            if (_held.TryGetValue(entry.JobId, out var current) && ReferenceEquals(current, entry))
                return due;
            _due.Dequeue();
        }

        return null;
    }
}
