using MassTransit;

namespace Platform.Scheduler.Runs;

internal static class RunStateMachineExtensions
{
    /// <summary>Hands the run to the workers and waits for them.</summary>
    public static EventActivityBinder<RunState, T> Dispatch<T>(this EventActivityBinder<RunState, T> binder, State queued)
        where T : class =>
        binder.Activity(x => x.OfType<DispatchRunActivity<T>>()).TransitionTo(queued);

    /// <summary>Looks at the parents again: all satisfied, the run is dispatched; one gave up, the run is skipped.</summary>
    public static EventActivityBinder<RunState, T> CheckDependencies<T>(this EventActivityBinder<RunState, T> binder, RunStateMachine machine)
        where T : class =>
        binder.Activity(x => x.OfType<CheckDependenciesActivity<T>>())
            .If(c => c.Saga.DependencyCheck == DependencyChecks.Met, met => met.Dispatch(machine.Queued))
            .If(c => c.Saga.DependencyCheck == DependencyChecks.ParentFailed, failed => failed
                .Activity(x => x.OfType<SkipRunActivity<T>>())
                .End(machine.Skipped, machine));

    /// <summary>Enters a final state: the start and duration timers stop, the job hears that its run ended.</summary>
    public static EventActivityBinder<RunState, T> End<T>(this EventActivityBinder<RunState, T> binder, State final, RunStateMachine machine)
        where T : class =>
        binder.Unschedule(machine.StartDeadline)
            .Unschedule(machine.DurationDeadline)
            .TransitionTo(final)
            .Activity(x => x.OfType<EndRunActivity<T>>());
}
