using MassTransit;
using MassTransit.SagaStateMachine;

namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>
/// Walks a state machine the way MassTransit's own graph visitor does (state, then each event it handles, then that
/// event's activities), and records each transition with the state it starts from and the condition branch it sits in.
/// MassTransit's <c>GetGraph()</c> keeps one vertex per event, so it cannot say which state an event moves to which
/// state, nor under which condition; this visitor keeps both.
/// </summary>
public sealed class StateMachineTransitionVisitor<TSaga> : StateMachineVisitor
    where TSaga : class, SagaStateMachineInstance
{
    readonly HashSet<StateMachineTransition> transitions = [];
    readonly Dictionary<IStateMachineActivity, int> conditionVisits = new(ReferenceEqualityComparer.Instance);
    readonly List<string> branch = [];
    State? currentState;
    Event? currentEvent;

    /// <summary>The transitions found so far.</summary>
    public IReadOnlyCollection<StateMachineTransition> Transitions => transitions;

    public void Visit(State state, Action<State> next)
    {
        currentState = state;
        currentEvent = null;
        next(state);
    }

    public void Visit(Event @event, Action<Event> next)
    {
        currentEvent = @event;
        next(@event);
    }

    public void Visit<TMessage>(Event<TMessage> @event, Action<Event<TMessage>> next)
        where TMessage : class
    {
        currentEvent = @event;
        next(@event);
    }

    public void Visit(IStateMachineActivity activity) => Visit(activity, _ => { });

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

    public void Visit(IStateMachineActivity activity, Action<IStateMachineActivity> next)
    {
        if (IsCondition(activity))
        {
            // A condition accepts the visitor twice in a row, first into its then-behaviour, then into its else-behaviour
            // (an If has an empty one); the same condition is shared by every state its During lists, so count per instance.
            var visits = conditionVisits.GetValueOrDefault(activity);
            conditionVisits[activity] = visits + 1;
            branch.Add(visits % 2 == 0 ? "if" : "else");
            next(activity);
            branch.RemoveAt(branch.Count - 1);
            return;
        }

        if (activity is TransitionActivity<TSaga> transition)
        {
            if (currentState is null || currentEvent is null)
                throw new InvalidOperationException($"a transition to {transition.ToState.Name} outside a state and an event");
            transitions.Add(new StateMachineTransition(currentState.Name, currentEvent.Name, string.Join(", ", branch), transition.ToState.Name));
        }

        next(activity);
    }

    static bool IsCondition(IStateMachineActivity activity)
    {
        var type = activity.GetType();
        if (!type.IsGenericType)
            return false;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(ConditionActivity<>) || definition == typeof(ConditionActivity<,>);
    }
}
