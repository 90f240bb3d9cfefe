using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

/// <summary>Inserts its instance before applying the initial event (InsertOnInitial), the repository's other creation path.</summary>
public sealed class TallyStateMachine : MassTransitStateMachine<TallyState>
{
    public TallyStateMachine()
    {
        Event(() => Tallied, e =>
        {
            e.CorrelateById(m => m.Message.TallyId);
            e.InsertOnInitial = true;
            e.SetSagaFactory(m => new TallyState { CorrelationId = m.Message.TallyId });
        });

        InstanceState(x => x.CurrentState);

        Initially(
            When(Tallied)
                .Then(c => c.Saga.Count++)
                .TransitionTo(Counting)
                .Publish(c => new TallyChanged { TallyId = c.Saga.CorrelationId, Count = c.Saga.Count }));

        During(Counting,
            When(Tallied)
                .Then(c => c.Saga.Count++)
                .Publish(c => new TallyChanged { TallyId = c.Saga.CorrelationId, Count = c.Saga.Count }));
    }

    public State Counting { get; private set; } = null!;

    public Event<Tallied> Tallied { get; private set; } = null!;
}
