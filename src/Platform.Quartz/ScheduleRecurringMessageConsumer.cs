using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Platform.Quartz;

/// <summary>Stores a message to send on a Quartz cron schedule (<see cref="ScheduleRecurringMessage"/>), replacing any
/// schedule with the same id and group.</summary>
public sealed class ScheduleRecurringMessageConsumer(ISchedulerFactory schedulerFactory, ScheduleGate gate,
    ILogger<ScheduleRecurringMessageConsumer> logger) :
    IConsumer<ScheduleRecurringMessage>
{
    public async Task Consume(ConsumeContext<ScheduleRecurringMessage> context)
    {
        var message = context.Message;
        var schedule = message.Schedule;
        var key = SchedulerExtensions.RecurringKey(schedule.ScheduleId, schedule.ScheduleGroup);
        var timeZone = string.IsNullOrWhiteSpace(schedule.TimeZoneId) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZoneId);
        var misfire = schedule.MisfirePolicy switch
        {
            MissedEventPolicy.Skip => CronTriggerMisfireInstruction.DoNothing,
            _ => CronTriggerMisfireInstruction.FireAndProceed,
        };

        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(ScheduledMessageTriggers.JobKey)
            .WithDescription(schedule.Description)
            .StartAt(schedule.StartTime)
            .EndAt(schedule.EndTime)
            .WithCronSchedule(schedule.CronExpression, cron => cron.InTimeZone(timeZone).WithMisfireInstruction(misfire))
            .UsingJobData(ScheduledMessageTriggers.JobData(context, message.Payload, message.PayloadType, message.Destination,
                message.CorrelationId, messageId: null))
            .Build();

        var scheduler = await schedulerFactory.GetScheduler(context.CancellationToken);
        if (!await gate.ScheduleAsync(key.ToString(), async () => await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, context.CancellationToken),
                context.CancellationToken))
        {
            logger.LogInformation("Recurring schedule {Key} was cancelled before it arrived; not scheduled", key);
            return;
        }

        logger.LogDebug("Scheduled recurring {Key} ({Cron} in {TimeZone}) to {Destination}", key, schedule.CronExpression, timeZone.Id,
            message.Destination);
    }
}
