using MassTransit;
using MassTransit.SagaStateMachine;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>The activity types a state machine resolves from the consumer's scope (<c>Activity(x => x.OfType&lt;T&gt;())</c>),
/// found by visiting it, so they can be registered: resolved from the container they are built by a compiled factory,
/// otherwise by reflection on every event.</summary>
internal sealed class ActivityTypes : StateMachineVisitor
{
    readonly HashSet<Type> _types = [];

    public static IReadOnlySet<Type> Of(StateMachine machine)
    {
        var visitor = new ActivityTypes();
        machine.Accept(visitor);
        return visitor._types;
    }

    public void Visit(State state, Action<State> next) => next(state);

    public void Visit(Event @event, Action<Event> next) => next(@event);

    public void Visit<TMessage>(Event<TMessage> @event, Action<Event<TMessage>> next)
        where TMessage : class => next(@event);

    public void Visit(IStateMachineActivity activity) => Record(activity);

    public void Visit(IStateMachineActivity activity, Action<IStateMachineActivity> next)
    {
        Record(activity);
        next(activity);
    }

    public void Visit<T>(IBehavior<T> behavior)
        where T : class, SagaStateMachineInstance
    {
    }

    public void Visit<T>(IBehavior<T> behavior, Action<IBehavior<T>> next)
        where T : class, SagaStateMachineInstance => next(behavior);

    public void Visit<T, TMessage>(IBehavior<T, TMessage> behavior)
        where T : class, SagaStateMachineInstance
        where TMessage : class
    {
    }

    public void Visit<T, TMessage>(IBehavior<T, TMessage> behavior, Action<IBehavior<T, TMessage>> next)
        where T : class, SagaStateMachineInstance
        where TMessage : class => next(behavior);

    void Record(IStateMachineActivity activity)
    {
        var type = activity.GetType();
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ContainerFactoryActivity<,,>)
                || type.GetGenericTypeDefinition() == typeof(ContainerFactoryActivity<,>)))
            _types.Add(type.GetGenericArguments()[^1]);
    }
}
