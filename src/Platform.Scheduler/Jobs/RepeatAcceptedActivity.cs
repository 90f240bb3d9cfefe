using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>The same definition again: nothing changes; <see cref="JobAccepted"/> is repeated so a sender that retried
/// after losing the first answer still gets one.</summary>
public sealed class RepeatAcceptedActivity(AuditTrail audit) : StateMachineActivity<JobState, DefineJob>
{
    protected override Task Apply(BehaviorContext<JobState, DefineJob> context)
    {
        var job = context.Saga;
        audit.Record(context, nameof(ScheduleJob), job.CorrelationId, accepted: true, "duplicate: same definition, nothing changed",
            context.Message.Sender, context.Message.MessageId);
        return context.Publish(new JobAccepted { JobId = job.CorrelationId, JobType = job.JobType, Version = job.Version, NextRunAt = job.NextRunAt });
    }
}
