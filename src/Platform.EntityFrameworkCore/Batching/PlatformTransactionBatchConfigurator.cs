using MassTransit;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>What <see cref="TransactionBatchRegistrationExtensions.AddPlatformTransactionBatches{TDbContext}"/> consumes in
/// shared transactions: state machines and consumers, each on a named endpoint, and the message types that are dispatched
/// in the same transaction when one of them publishes them.</summary>
public sealed class PlatformTransactionBatchConfigurator
{
    readonly List<BatchRegistration> _registrations = [];
    readonly HashSet<Type> _inProcess = [];
    readonly List<IBatchPreload> _preloads = [];

    internal IReadOnlyList<BatchRegistration> Registrations => _registrations;

    internal IReadOnlySet<Type> InProcessTypes => _inProcess;

    internal IReadOnlyList<IBatchPreload> Preloads => _preloads;

    internal bool OncePerTransaction { get; private set; }

    /// <summary>Every event of <typeparamref name="TMachine"/> is consumed on <paramref name="endpointName"/> and applied to
    /// its instance in a shared transaction; with <paramref name="telemetry"/>, each one as a span tagged with the
    /// instance's ids and states, and with the ids as log scope properties.</summary>
    public void StateMachine<TMachine, TSaga>(string endpointName, SagaTelemetry<TSaga>? telemetry = null)
        where TMachine : class, SagaStateMachine<TSaga>
        where TSaga : class, SagaStateMachineInstance =>
        _registrations.Add(new StateMachineRegistration<TMachine, TSaga>(endpointName, telemetry));

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

    /// <summary>Consuming a <typeparamref name="TMessage"/> will need the <typeparamref name="TSaga"/> instance
    /// <paramref name="correlationId"/> names (one an in-process message of its chain goes to): it is loaded with the
    /// transaction's other instances, in one query, instead of on its own when that message is consumed.</summary>
    public void Preload<TMessage, TSaga>(Func<TMessage, Guid> correlationId)
        where TMessage : class
        where TSaga : class, ISaga =>
        _preloads.Add(new BatchPreload<TMessage, TSaga>(message => [correlationId(message)]));

    /// <summary>Consuming a <typeparamref name="TMessage"/> will need the <typeparamref name="TSaga"/> instances
    /// <paramref name="correlationIds"/> names: they are loaded with the transaction's other instances, in one query.</summary>
    public void Preload<TMessage, TSaga>(Func<TMessage, IEnumerable<Guid>> correlationIds)
        where TMessage : class
        where TSaga : class, ISaga =>
        _preloads.Add(new BatchPreload<TMessage, TSaga>(correlationIds));

    /// <summary>Saves a transaction's changes once, before it commits, instead of after each message. Only for consumers
    /// that call <c>SaveChangesAsync</c> before they query data an earlier message of their transaction may have changed
    /// (saga instances need not: the transaction hands out the instance an earlier message changed). Saves one round trip
    /// per message.</summary>
    public void SaveOncePerTransaction() => OncePerTransaction = true;
}
