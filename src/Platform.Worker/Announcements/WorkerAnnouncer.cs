using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Hosting;
using Platform.Worker.Reliability;

namespace Platform.Worker.Announcements;

/// <summary>
/// Publishes <see cref="WorkerAnnounced"/> once the host has started and then every
/// <see cref="WorkerAnnouncementOptions.Interval"/>: who this process is, the job types it handles, its slots and its
/// breakers; a last one with <c>Stopping</c> when the host stops. Registered after the bus, so it starts after the bus
/// and stops before it. A failed announcement is logged and the next one tried: nothing depends on them but the
/// operators' view.
/// </summary>
internal sealed partial class WorkerAnnouncer(
    IBus bus,
    WorkerIdentity identity,
    JobHandlerRegistry registry,
    RunSlots slots,
    JobTypeBreakers breakers,
    IOptions<WorkerOptions> worker,
    IOptions<WorkerAnnouncementOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<WorkerAnnouncer> logger) : BackgroundService
{
    readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await PeriodicWork.RunAsync(options.Value.Interval, clock, cancellationToken => PublishAsync(stopping: false, cancellationToken),
            exception => AnnouncementFailed(logger, exception), stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await AnnounceAsync(stopping: true, cancellationToken);
    }

    async Task AnnounceAsync(bool stopping, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(stopping, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AnnouncementFailed(logger, exception);
        }
    }

    Task PublishAsync(bool stopping, CancellationToken cancellationToken) =>
        bus.Publish(new WorkerAnnounced
        {
            Worker = identity.Name,
            Queue = worker.Value.Queue,
            JobTypes = registry.JobTypes.Order(StringComparer.Ordinal).ToList(),
            Slots = worker.Value.ConcurrentRuns,
            SlotsInUse = slots.InUse,
            RunsWaiting = slots.Waiting,
            Breakers = breakers.Snapshots().Select(b => new WorkerBreaker
            {
                JobType = b.JobType,
                State = b.State.ToString(),
                FailuresInWindow = b.FailuresInWindow,
                OpenUntil = b.OpenUntil,
            }).ToList(),
            StartedAt = _startedAt,
            AnnouncedAt = clock.GetUtcNow(),
            Interval = options.Value.Interval,
            Stopping = stopping,
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce this worker (WorkerAnnounced); trying again at the next interval")]
    static partial void AnnouncementFailed(ILogger logger, Exception exception);
}
