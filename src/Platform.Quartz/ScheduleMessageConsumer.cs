using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Stores a message to send once at a time (<see cref="ScheduleMessage"/>) as a Quartz trigger named after its
/// scheduling token, replacing any trigger of the same token.</summary>
public sealed class ScheduleMessageConsumer(ISchedulerFactory schedulerFactory, ScheduleGate gate, ILogger<ScheduleMessageConsumer> logger) :
    IConsumer<ScheduleMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var message = context.Message;
        var scheduledTime = new DateTimeOffset(DateTime.SpecifyKind(message.ScheduledTime, DateTimeKind.Utc));
        var key = new TriggerKey(message.CorrelationId.ToString("N"), ScheduledMessageData.OneOffGroup);

        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(ScheduledMessageTriggers.JobKey)
            .StartAt(scheduledTime)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .UsingJobData(ScheduledMessageTriggers.JobData(context, message.Payload, message.PayloadType, message.Destination,
                message.CorrelationId, context.MessageId))
            .Build();

        var scheduler = await schedulerFactory.GetScheduler(context.CancellationToken);
        var scheduled = await gate.ScheduleAsync(key.ToString(), async () => await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, context.CancellationToken),
            context.CancellationToken);

        if (scheduled)
            logger.LogDebug("Scheduled {TokenId} for {ScheduledTime:O} to {Destination}", message.CorrelationId, scheduledTime, message.Destination);
        else
            logger.LogInformation("Scheduled message {TokenId} was cancelled before it arrived; not scheduled", message.CorrelationId);
    }
}
