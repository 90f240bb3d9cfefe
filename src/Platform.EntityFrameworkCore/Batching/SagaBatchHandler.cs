using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// Applies one event of a state machine to its instance the way MassTransit's saga pipeline does (the event's correlation
/// filter, its saga policy for an existing or a missing instance, the state machine filter), against the instances of a
/// <see cref="BatchUnit"/> instead of a repository transaction of its own.
/// </summary>
internal sealed class SagaBatchHandler<TSaga, TMessage> : IBatchHandler<TMessage>
    where TSaga : class, SagaStateMachineInstance
    where TMessage : class
{
    readonly EventCorrelation<TSaga, TMessage> _correlation;
    readonly StateMachineSagaMessageFilter<TSaga, TMessage> _filter;
    readonly IPipe<SagaConsumeContext<TSaga, TMessage>> _raise;

    public SagaBatchHandler(SagaStateMachine<TSaga> machine, EventCorrelation<TSaga, TMessage> correlation, Guid consumerId)
    {
        if (correlation.MessageFilter is not CorrelationIdMessageFilter<TMessage>)
            throw new ConfigurationException($"{typeof(TSaga).Name}: {typeof(TMessage).Name} must be correlated by id (CorrelateById) to be consumed in transaction batches");
        if (correlation.Policy.IsReadOnly)
            throw new ConfigurationException($"{typeof(TSaga).Name}: read-only events ({typeof(TMessage).Name}) are not supported in transaction batches");
        _correlation = correlation;
        _filter = new StateMachineSagaMessageFilter<TSaga, TMessage>(machine, correlation.Event);
        _raise = Pipe.ExecuteAsync<SagaConsumeContext<TSaga, TMessage>>(context => _filter.Send(context, Pipe.Empty<SagaConsumeContext<TSaga, TMessage>>()));
        ConsumerId = consumerId;
    }

    public Type MessageType => typeof(TMessage);

    public Guid ConsumerId { get; }

    public Uri InputAddress { get; private set; } = new("loopback://localhost/unconfigured");

    public void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint, ITransactionBatcher batcher)
    {
        InputAddress = endpoint.InputAddress;
        endpoint.Handler<TMessage>(context => batcher.SubmitAsync(context, this));
    }

    public async Task PrepareAsync(BatchUnit unit, ConsumeContext<TMessage> context)
    {
        Guid? id = null;
        await _correlation.MessageFilter.Send(context, Pipe.Execute<ConsumeContext<TMessage>>(c => id = c.CorrelationId));
        if (id is { } correlationId)
            unit.Sagas<TSaga>().Want(correlationId);
    }

    public Task DispatchAsync(BatchUnit unit, ConsumeContext<TMessage> context) =>
        _correlation.MessageFilter.Send(context, Pipe.ExecuteAsync<ConsumeContext<TMessage>>(correlated => ApplyAsync(unit, correlated)));

    async Task ApplyAsync(BatchUnit unit, ConsumeContext<TMessage> context)
    {
        var id = context.CorrelationId
            ?? throw new SagaException("The message has no correlation id for the saga", typeof(TSaga), typeof(TMessage));
        var sagas = unit.Sagas<TSaga>();
        // An initial event configured InsertOnInitial (its instance is new: a fresh id) creates the instance without
        // looking for it; if one existed after all, the save fails on its key and the unit runs again with look-ups.
        if (unit.PreInsert && !sagas.IsKnown(id) && _correlation.Policy.PreInsertInstance(context, out var fresh))
        {
            var inserted = new DefaultSagaConsumeContext<TSaga, TMessage>(context, fresh);
            await _raise.Send(inserted);
            if (!inserted.IsCompleted)
                sagas.Add(fresh);
            return;
        }

        if (await sagas.GetAsync(id, context.CancellationToken) is { } instance)
        {
            var existing = new DefaultSagaConsumeContext<TSaga, TMessage>(context, instance);
            await _correlation.Policy.Existing(existing, _raise);
            if (existing.IsCompleted)
                sagas.Remove(instance);
            return;
        }

        await _correlation.Policy.Missing(context, Pipe.ExecuteAsync<SagaConsumeContext<TSaga, TMessage>>(async created =>
        {
            await _raise.Send(created);
            if (!created.IsCompleted)
                sagas.Add(created.Saga);
        }));
    }
}
