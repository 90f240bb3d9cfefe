using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

internal static class CounterActivities
{
    public static EventActivityBinder<CounterState, T> PublishChanged<T>(this EventActivityBinder<CounterState, T> binder)
        where T : class =>
        binder.Publish(c => new CounterChanged { CounterId = c.Saga.CorrelationId, Count = c.Saga.Count, State = c.Saga.CurrentState });
}
