using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Removes a scheduled message (by token) or a recurring schedule (by id and group). Cancelling what is not
/// there (already fired, or not arrived yet) is not an error; a schedule that arrives after its cancel is not
/// scheduled (see <see cref="ScheduleGate"/>).</summary>
public sealed class CancelScheduledMessageConsumer(ISchedulerFactory schedulerFactory, ScheduleGate gate,
    ILogger<CancelScheduledMessageConsumer> logger) :
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
        var removed = await gate.CancelAsync(key.ToString(), async () => await scheduler.UnscheduleJob(key, cancellationToken), cancellationToken);
        logger.LogDebug("Cancel {Key}: {Outcome}", key, removed ? "removed" : "not there yet (or already fired): remembered");
    }
}
