using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// How long committed messages have waited in each outbox this process delivers: the gauge
/// <c>platform.outbox.oldest_pending.age</c> (seconds, tag <c>outbox</c>: the DbContext), the age of the oldest message its
/// last delivery round found, 0 once a round empties what it found. It grows while the broker is unreachable or refuses
/// the messages, which the alert PlatformOutboxBacklog watches.
/// </summary>
internal sealed class OutboxBacklog
{
    readonly ConcurrentDictionary<string, DateTimeOffset?> _oldest = new(StringComparer.Ordinal);
    readonly TimeProvider _clock;

    public OutboxBacklog(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        meters.Create("Platform").CreateObservableGauge("platform.outbox.oldest_pending.age", Observe, "s",
            "Age of the oldest committed message waiting in the outbox (0 when its last delivery round emptied it)");
    }

    /// <summary>A round found messages; the oldest was written at <paramref name="oldest"/>.</summary>
    public void Waiting(string outbox, DateTimeOffset oldest) => _oldest[outbox] = oldest;

    /// <summary>A round found nothing, or sent everything it found.</summary>
    public void Empty(string outbox) => _oldest[outbox] = null;

    IEnumerable<Measurement<double>> Observe()
    {
        var now = _clock.GetUtcNow();
        foreach (var (outbox, oldest) in _oldest)
            yield return new Measurement<double>(oldest is { } written ? Math.Max(0, (now - written).TotalSeconds) : 0,
                new KeyValuePair<string, object?>("outbox", outbox));
    }
}
