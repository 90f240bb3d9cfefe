using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Runs;

/// <summary>A run whose parent gave up does not run: <see cref="JobMissed"/> with the reason.</summary>
public sealed class SkipRunActivity<T>(TimeProvider clock) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override Task Apply(BehaviorContext<RunState, T> context)
    {
        context.Saga.FinishedAt = clock.GetUtcNow();
        return context.Publish(new JobMissed { JobId = context.Saga.JobId, ScheduledFor = context.Saga.ScheduledFor, Reason = $"skipped: {context.Saga.Error}" });
    }
}
