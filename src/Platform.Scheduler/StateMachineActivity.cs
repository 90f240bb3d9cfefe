using MassTransit;

namespace Platform.Scheduler;

/// <summary>The shape every activity of the scheduler's state machines shares: do one step, then go on.</summary>
public abstract class StateMachineActivity<TSaga, TMessage> : IStateMachineActivity<TSaga, TMessage>
    where TSaga : class, SagaStateMachineInstance
    where TMessage : class
{
    public void Probe(ProbeContext context) => context.CreateScope(GetType().Name);

    public void Accept(StateMachineVisitor visitor) => visitor.Visit(this);

    public async Task Execute(BehaviorContext<TSaga, TMessage> context, IBehavior<TSaga, TMessage> next)
    {
        await Apply(context);
        await next.Execute(context);
    }

    public Task Faulted<TException>(BehaviorExceptionContext<TSaga, TMessage, TException> context, IBehavior<TSaga, TMessage> next)
        where TException : Exception => next.Faulted(context);

    protected abstract Task Apply(BehaviorContext<TSaga, TMessage> context);
}
