using MassTransit;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>An occurrence that fired just as the job was cancelled (or after it completed) does not run.</summary>
public sealed class MissWhileEndedActivity : StateMachineActivity<JobState, JobOccurrenceDue>
{
    protected override Task Apply(BehaviorContext<JobState, JobOccurrenceDue> context) =>
        context.Miss(context.Saga, context.Message.ScheduledFor, $"the job is {context.Saga.CurrentState}");
}
