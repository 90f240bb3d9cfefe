using MassTransit;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>An occurrence that fired just as the job was paused does not run.</summary>
public sealed class MissWhilePausedActivity : StateMachineActivity<JobState, JobOccurrenceDue>
{
    protected override Task Apply(BehaviorContext<JobState, JobOccurrenceDue> context)
    {
        if (context.Message.FromTrigger && context.Message.Version == context.Saga.Version)
        {
            context.Saga.OccurrencesReceived++;
            if (context.Message.Last)
            {
                context.Saga.TriggerExhausted = true;
                context.Saga.OccurrencesExpected = context.Message.Occurrences;
            }
        }
        return context.Miss(context.Saga, context.Message.ScheduledFor, "the job is paused");
    }
}
