using MassTransit;

namespace Platform.Scheduler.Runs;

/// <summary>Publishes the first attempt to the workers (routed by job type, with the job's priority) and
/// <c>JobRunQueued</c> (<see cref="RunDispatch"/>).</summary>
public sealed class DispatchRunActivity<T>(TimeProvider clock) : StateMachineActivity<RunState, T>
    where T : class
{
    protected override Task Apply(BehaviorContext<RunState, T> context)
    {
        var run = context.Saga;
        run.Attempt = 1;
        run.QueuedAt = clock.GetUtcNow();
        run.DependencyCheck = run.DependsOn is null ? null : DependencyChecks.Met;
        return RunDispatch.PublishAsync(context);
    }
}
