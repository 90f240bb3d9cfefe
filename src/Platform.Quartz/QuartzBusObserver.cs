using MassTransit;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Fires nothing before the bus can send: the scheduler starts once the bus has started and stands by before
/// the bus stops (a trigger acquired meanwhile stays in the store and fires on another instance or after restart).</summary>
public sealed class QuartzBusObserver(ISchedulerFactory schedulerFactory, ILogger<QuartzBusObserver> logger) : IBusObserver
{
    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    /// <summary>The durable job every trigger points at must exist before the bridge's endpoint consumes its first
    /// ScheduleMessage (Quartz refuses a trigger whose job is missing).</summary>
    public async Task PreStart(IBus bus)
    {
        var scheduler = await schedulerFactory.GetScheduler();
        await scheduler.AddScheduledMessageJob(CancellationToken.None);
    }

    public async Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        await busReady;
        var scheduler = await schedulerFactory.GetScheduler();
        await scheduler.Start();
        logger.LogInformation("Quartz scheduler {Name} ({Instance}) started", scheduler.SchedulerName, scheduler.SchedulerInstanceId);
    }

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public async Task PreStop(IBus bus)
    {
        var scheduler = await schedulerFactory.GetScheduler();
        await scheduler.Standby();
    }

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
