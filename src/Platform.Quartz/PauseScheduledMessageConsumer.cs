using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Pauses and resumes recurring schedules. Occurrences due while paused follow the schedule's misfire policy
/// when it resumes.</summary>
public sealed class PauseScheduledMessageConsumer(ISchedulerFactory schedulerFactory, ILogger<PauseScheduledMessageConsumer> logger) :
    IConsumer<PauseScheduledRecurringMessage>,
    IConsumer<ResumeScheduledRecurringMessage>
{
    public async Task Consume(ConsumeContext<PauseScheduledRecurringMessage> context)
    {
        var key = SchedulerExtensions.RecurringKey(context.Message.ScheduleId, context.Message.ScheduleGroup);
        var scheduler = await schedulerFactory.GetScheduler(context.CancellationToken);
        await scheduler.PauseTrigger(key, context.CancellationToken);
        logger.LogDebug("Paused {Key}", key);
    }

    public async Task Consume(ConsumeContext<ResumeScheduledRecurringMessage> context)
    {
        var key = SchedulerExtensions.RecurringKey(context.Message.ScheduleId, context.Message.ScheduleGroup);
        var scheduler = await schedulerFactory.GetScheduler(context.CancellationToken);
        await scheduler.ResumeTrigger(key, context.CancellationToken);
        logger.LogDebug("Resumed {Key}", key);
    }
}
