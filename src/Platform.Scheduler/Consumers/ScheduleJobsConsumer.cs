using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Scheduler.Jobs;
using Platform.Scheduling.Validation;

namespace Platform.Scheduler.Consumers;

/// <summary>Bulk intake: each job of a <see cref="ScheduleJobs"/> is taken in on its own (<see cref="JobIntake"/>), in the
/// one transaction that consumes the message; a message with no jobs, too many or a null one is rejected (field
/// <c>jobs</c>) and audited, and none of its jobs is taken.</summary>
public sealed class ScheduleJobsConsumer(JobIntake intake, AuditTrail audit, ILogger<ScheduleJobsConsumer> logger) : IConsumer<ScheduleJobs>
{
    public async Task Consume(ConsumeContext<ScheduleJobs> context)
    {
        if (ScheduleJobValidator.ValidateBatch(context.Message) is { Count: > 0 } errors)
        {
            logger.LogWarning("ScheduleJobs {MessageId} rejected: {Errors}", context.MessageId, string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
            await audit.RejectAsync(context, nameof(ScheduleJobs), Guid.Empty, errors);
            return;
        }

        foreach (var job in context.Message.Jobs)
            await intake.AcceptAsync(context, job);
    }
}
