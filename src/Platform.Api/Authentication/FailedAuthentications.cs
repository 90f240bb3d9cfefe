using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

/// <summary>
/// Wrong API keys per client address, over a sliding window (<see cref="PlatformApiOptions.FailedAuthenticationLimit"/>
/// within <see cref="PlatformApiOptions.FailedAuthenticationWindow"/>): an address past the limit is locked out until its
/// oldest counted failure leaves the window, so guessing keys costs time. Addresses whose failures have all left the
/// window are forgotten.
/// </summary>
internal sealed class FailedAuthentications(IOptions<PlatformApiOptions> options, TimeProvider clock)
{
    /// <summary>Addresses remembered at most; past that the ones with no recent failure are dropped first.</summary>
    const int MaxClients = 10_000;
    readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    readonly PlatformApiOptions _options = options.Value;

    /// <summary>Whether <paramref name="client"/> is locked out now, and until when.</summary>
    public bool IsLockedOut(string client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!_failures.TryGetValue(client, out var failures))
            return false;
        var now = clock.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            if (failures.Count < _options.FailedAuthenticationLimit)
                return false;
            retryAfter = failures.Peek() + _options.FailedAuthenticationWindow - now;
            return true;
        }
    }

    /// <summary>Counts a wrong key sent by <paramref name="client"/>.</summary>
    public void Record(string client)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MaxClients)
            Forget(now);
        var failures = _failures.GetOrAdd(client, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + _options.FailedAuthenticationWindow <= now)
            failures.Dequeue();
    }

    void Forget(DateTimeOffset now)
    {
        foreach (var (client, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                    _failures.TryRemove(client, out _);
            }
        }
    }
}
