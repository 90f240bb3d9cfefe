using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Api.Dashboard;
using Platform.Contracts;

namespace Platform.Api.Workers;

/// <summary>
/// The latest <see cref="WorkerAnnounced"/> of each worker process, in this API process's memory. Every API process
/// receives every announcement (on a queue of its own), so each has the whole picture; after a restart it is complete
/// again within one announcement interval. Nothing is stored: a worker is what it last said about itself.
/// </summary>
public sealed class WorkerRegistry(TimeProvider clock, IOptions<DashboardOptions> options)
{
    /// <summary>A worker not heard of for this many of its intervals is shown as silent (presumed gone).</summary>
    public const int SilentAfterIntervals = 3;

    readonly ConcurrentDictionary<string, (WorkerAnnounced Announcement, DateTimeOffset ReceivedAt)> _workers = new(StringComparer.Ordinal);

    public void Record(WorkerAnnounced announcement)
    {
        var received = clock.GetUtcNow();
        _workers.AddOrUpdate(announcement.Worker, (announcement, received),
            (_, known) => known.Announcement.AnnouncedAt > announcement.AnnouncedAt ? known : (announcement, received));
    }

    /// <summary>Every worker heard of within <see cref="DashboardOptions.ForgetWorkersAfter"/>, by name.</summary>
    public IReadOnlyList<WorkerStatus> Snapshot()
    {
        var now = clock.GetUtcNow();
        var forgetAfter = options.Value.ForgetWorkersAfter;
        foreach (var (name, known) in _workers)
        {
            if (now - known.ReceivedAt > forgetAfter)
                _workers.TryRemove(name, out _);
        }

        return _workers.Values
            .Select(w => WorkerStatus.Of(w.Announcement, w.ReceivedAt, now))
            .OrderBy(w => w.Worker, StringComparer.Ordinal)
            .ToList();
    }
}
