using Platform.Contracts;

namespace Platform.Api.Workers;

/// <summary>A worker process as the workers page shows it (<c>GET /api/workers</c>).</summary>
/// <param name="Worker">Its name in run events (<c>queue@host/pid</c>).</param>
/// <param name="Status">Up (announcing), Stopping (said it is shutting down) or Silent (not heard of for 3 intervals: presumed
/// gone, killed or cut off).</param>
/// <param name="Queue">The queue it consumes.</param>
/// <param name="JobTypes">The job types it handles.</param>
/// <param name="Slots">Runs it executes at once at most.</param>
/// <param name="SlotsInUse">Runs executing at its last announcement.</param>
/// <param name="RunsWaiting">Runs waiting for a slot at its last announcement.</param>
/// <param name="Breakers">Its circuit breakers.</param>
/// <param name="StartedAt">When the process started.</param>
/// <param name="LastHeartbeatAt">Its last announcement.</param>
public sealed record WorkerStatus(string Worker, string Status, string Queue, IReadOnlyList<string> JobTypes, int Slots, int SlotsInUse,
    int RunsWaiting, IReadOnlyList<WorkerBreaker> Breakers, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeatAt)
{
    public static WorkerStatus Of(WorkerAnnounced announcement, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        var status = announcement.Stopping ? "Stopping"
            : now - receivedAt > announcement.Interval * WorkerRegistry.SilentAfterIntervals ? "Silent"
            : "Up";
        return new WorkerStatus(announcement.Worker, status, announcement.Queue, announcement.JobTypes, announcement.Slots, announcement.SlotsInUse,
            announcement.RunsWaiting, announcement.Breakers, announcement.StartedAt, announcement.AnnouncedAt);
    }
}
