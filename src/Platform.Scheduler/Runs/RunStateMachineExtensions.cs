using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

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

    /// <summary>An attempt started: the start deadline is met (<see cref="StartKnown{T}"/>), the duration timer starts.</summary>
    public static EventActivityBinder<RunState, JobRunStarted> Started(this EventActivityBinder<RunState, JobRunStarted> binder,
        RunStateMachine machine) =>
        binder.Then(c =>
            {
                c.Saga.Attempt = c.Message.Attempt;
                c.Saga.StartedAt = c.Message.StartedAt;
                c.Saga.Worker = c.Message.Worker;
                c.Saga.NextAttemptAt = null;
            })
            .StartKnown(machine)
            .Unschedule(machine.StartDeadline)
            .If(c => c.Saga.MaxRunDuration is not null, d => d.Schedule(machine.DurationDeadline,
                c => new RunDurationDeadline { RunId = c.Saga.CorrelationId },
                c => ((c.Saga.StartedAt ?? c.Saga.FiredAt) + c.Saga.MaxRunDuration!.Value).UtcDateTime))
            .TransitionTo(machine.Running);

    /// <summary>A report showed when the run first started (its start report, or a failure, success or cancellation
    /// report that came first: the broker may hand them over in any order, and a start report can be lost with a worker):
    /// the start deadline is settled. A start after the deadline is reported late here when its timer has not fired yet
    /// (the timer is late behind a busy message scheduler, or the run was requested after its deadline had passed), so a
    /// late start is reported once, by the timer or by the report.</summary>
    public static EventActivityBinder<RunState, T> StartKnown<T>(this EventActivityBinder<RunState, T> binder, RunStateMachine machine)
        where T : class =>
        binder.If(c => c.Saga.StartDeadlineTokenId is not null && c.Saga.MaxStartDelay is { } delay && c.Saga.StartedAt is { } started
                    && started > c.Saga.ScheduledFor + delay,
                late => late.Activity(x => x.OfType<SlaViolationActivity<T>>()))
            .If(c => c.Saga.StartedAt is not null, known => known.Unschedule(machine.StartDeadline));

    /// <summary>Enters a final state: the start and duration timers stop, the job hears that its run ended. A replay the
    /// run held is then carried out when it gave up (dead-lettered or timed out: it starts over, queued), else dropped.</summary>
    public static EventActivityBinder<RunState, T> End<T>(this EventActivityBinder<RunState, T> binder, State final, RunStateMachine machine)
        where T : class
    {
        var ended = binder.Unschedule(machine.StartDeadline)
            .Unschedule(machine.DurationDeadline)
            .TransitionTo(final)
            .Activity(x => x.OfType<EndRunActivity<T>>());
        return final == machine.DeadLettered || final == machine.TimedOut
            ? ended.If(c => c.Saga.HeldReplay is not null, held => held.Replay(machine))
            : ended.If(c => c.Saga.HeldReplay is not null, held => held.Activity(x => x.OfType<DropHeldReplayActivity<T>>()));
    }

    /// <summary>Starts a run that gave up over as its next replay (<see cref="ReplayRunActivity{T}"/>).</summary>
    public static EventActivityBinder<RunState, T> Replay<T>(this EventActivityBinder<RunState, T> binder, RunStateMachine machine)
        where T : class =>
        binder.Activity(x => x.OfType<ReplayRunActivity<T>>()).TransitionTo(machine.Queued);
}
