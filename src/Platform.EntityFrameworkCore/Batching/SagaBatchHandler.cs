using System.Collections;
using System.Diagnostics;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using Microsoft.Extensions.Logging;

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
    readonly SagaTelemetry<TSaga>? _telemetry;
    readonly ILogger _logger;
    readonly string _spanName;

    public SagaBatchHandler(SagaStateMachine<TSaga> machine, EventCorrelation<TSaga, TMessage> correlation, Guid consumerId,
        SagaTelemetry<TSaga>? telemetry, ILogger logger)
    {
        if (correlation.MessageFilter is not CorrelationIdMessageFilter<TMessage>)
            throw new ConfigurationException($"{typeof(TSaga).Name}: {typeof(TMessage).Name} must be correlated by id (CorrelateById) to be consumed in transaction batches");
        if (correlation.Policy.IsReadOnly)
            throw new ConfigurationException($"{typeof(TSaga).Name}: read-only events ({typeof(TMessage).Name}) are not supported in transaction batches");
        _correlation = correlation;
        _filter = new StateMachineSagaMessageFilter<TSaga, TMessage>(machine, correlation.Event);
        _telemetry = telemetry;
        _logger = logger;
        _spanName = $"{machine.Name} {correlation.Event.Name}";
        _raise = Pipe.ExecuteAsync<SagaConsumeContext<TSaga, TMessage>>(RaiseAsync);
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

    /// <summary>Applies the event to the instance; with telemetry, in a span of its own and a log scope of the instance's ids.</summary>
    async Task RaiseAsync(SagaConsumeContext<TSaga, TMessage> context)
    {
        if (_telemetry is null)
        {
            await _filter.Send(context, Pipe.Empty<SagaConsumeContext<TSaga, TMessage>>());
            return;
        }

        var saga = context.Saga;
        using var span = TransactionBatchTelemetry.Source.StartActivity(_spanName);
        var recorded = span is { IsAllDataRequested: true };
        var from = recorded ? _telemetry.State(saga) : null;
        using var scope = _logger.BeginScope(new SagaLogScope<TSaga>(saga, _telemetry));
        try
        {
            await _filter.Send(context, Pipe.Empty<SagaConsumeContext<TSaga, TMessage>>());
        }
        catch (Exception exception) when (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, exception.Message);
            span.AddException(exception);
            throw;
        }
        finally
        {
            if (recorded)
            {
                foreach (var tag in _telemetry.Tags(saga))
                    span!.SetTag(tag.Key, tag.Value);
                span!.SetTag(TransactionBatchTelemetry.StateFrom, from);
                span.SetTag(TransactionBatchTelemetry.StateTo, _telemetry.State(saga));
            }
        }
    }

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

/// <summary>The ids of a state machine instance as log scope properties, read when a line is written (an instance created by
/// the event gets its ids while it is applied).</summary>
internal sealed class SagaLogScope<TSaga>(TSaga saga, SagaTelemetry<TSaga> telemetry) : IReadOnlyList<KeyValuePair<string, object?>>
    where TSaga : class
{
    public int Count => telemetry.Tags(saga).Count;

    public KeyValuePair<string, object?> this[int index] => telemetry.Tags(saga)[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => telemetry.Tags(saga).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", this.Select(p => $"{p.Key}:{p.Value}"));
}
