using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

/// <summary>Counts increments; correlated by id, and by name through a query. Every change publishes CounterChanged
/// through the outbox, so a lost update would show as two events with the same count.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        Event(() => Started, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Incremented, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => IncrementedByName, e => e.CorrelateBy((counter, m) => counter.Name == m.Message.Name));
        Event(() => Pause, e => e.CorrelateById(m => m.Message.CounterId));
        Event(() => Stopped, e => e.CorrelateById(m => m.Message.CounterId));

        InstanceState(x => x.CurrentState);

        Initially(
            When(Started)
                .Then(c => c.Saga.Name = c.Message.Name)
                .TransitionTo(Active)
                .PublishChanged(),
            When(Incremented)
                .Then(c => c.Saga.Count++)
                .TransitionTo(Active)
                .PublishChanged());

        During(Active,
            Ignore(Started),
            When(Incremented)
                .Then(c => c.Saga.Count++)
                .PublishChanged(),
            When(IncrementedByName)
                .Then(c => c.Saga.Count++)
                .PublishChanged(),
            When(Pause)
                .TransitionTo(Paused)
                .PublishChanged());

        DuringAny(
            When(Stopped)
                .Finalize());

        SetCompletedWhenFinalized();
    }

    public State Active { get; private set; } = null!;

    public State Paused { get; private set; } = null!;

    public Event<CounterStarted> Started { get; private set; } = null!;

    public Event<CounterIncremented> Incremented { get; private set; } = null!;

    public Event<CounterIncrementedByName> IncrementedByName { get; private set; } = null!;

    public Event<CounterPaused> Pause { get; private set; } = null!;

    public Event<CounterStopped> Stopped { get; private set; } = null!;
}
