using MassTransit;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>What <see cref="TransactionBatchRegistrationExtensions.AddPlatformTransactionBatches{TDbContext}"/> consumes in
/// shared transactions: state machines and consumers, each on a named endpoint, and the message types that are dispatched
/// in the same transaction when one of them publishes them.</summary>
public sealed class PlatformTransactionBatchConfigurator
{
    readonly List<BatchRegistration> _registrations = [];
    readonly HashSet<Type> _inProcess = [];

    internal IReadOnlyList<BatchRegistration> Registrations => _registrations;

    internal IReadOnlySet<Type> InProcessTypes => _inProcess;

    /// <summary>Every event of <typeparamref name="TMachine"/> is consumed on <paramref name="endpointName"/> and applied to
    /// its instance in a shared transaction.</summary>
    public void StateMachine<TMachine, TSaga>(string endpointName)
        where TMachine : class, SagaStateMachine<TSaga>
        where TSaga : class, SagaStateMachineInstance =>
        _registrations.Add(new StateMachineRegistration<TMachine, TSaga>(endpointName));

    /// <summary>Every message type <typeparamref name="TConsumer"/> consumes is consumed on <paramref name="endpointName"/>
    /// in a shared transaction (the consumer is resolved from the transaction's scope).</summary>
    public void Consumer<TConsumer>(string endpointName)
        where TConsumer : class, IConsumer =>
        _registrations.Add(new ConsumerRegistration<TConsumer>(endpointName));

    /// <summary>A <typeparamref name="TMessage"/> published while a batched message is consumed is not written to the
    /// outbox: the state machine or consumer registered here for it consumes it in the same transaction, right after the
    /// message that published it. Only for messages nobody else subscribes to (a service's internal messages).</summary>
    public void InProcess<TMessage>()
        where TMessage : class =>
        _inProcess.Add(typeof(TMessage));
}
