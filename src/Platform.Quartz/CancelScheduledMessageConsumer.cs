using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Removes a scheduled message (by token) or a recurring schedule (by id and group). Cancelling what is not
/// there, or has already fired, is not an error.</summary>
public sealed class CancelScheduledMessageConsumer(ISchedulerFactory schedulerFactory, ILogger<CancelScheduledMessageConsumer> logger) :
    IConsumer<CancelScheduledMessage>,
    IConsumer<CancelScheduledRecurringMessage>
{
    public Task Consume(ConsumeContext<CancelScheduledMessage> context) =>
        Unschedule(new TriggerKey(context.Message.TokenId.ToString("N"), ScheduledMessageData.OneOffGroup), context.CancellationToken);

    public Task Consume(ConsumeContext<CancelScheduledRecurringMessage> context) =>
        Unschedule(SchedulerExtensions.RecurringKey(context.Message.ScheduleId, context.Message.ScheduleGroup), context.CancellationToken);

    async Task Unschedule(TriggerKey key, CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var removed = await scheduler.UnscheduleJob(key, cancellationToken);
        logger.LogDebug("Cancel {Key}: {Outcome}", key, removed ? "removed" : "not found");
    }
}
