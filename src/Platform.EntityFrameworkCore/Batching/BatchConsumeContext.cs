using System.Diagnostics.CodeAnalysis;
using MassTransit;
using MassTransit.Middleware;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// The consume context of one message inside a <see cref="BatchUnit"/>: what it publishes goes to its own outbox in the
/// unit's DbContext, or, for a message type dispatched in process, to the state machine or consumer that takes it next in
/// the same transaction; services (activities, consumers, the audit trail) resolve from the unit's scope, so they share
/// its DbContext.
/// </summary>
internal sealed class BatchConsumeContext<TMessage>(ConsumeContext<TMessage> context, OutboxConsumeOptions options, BatchUnit unit, ConsumerOutbox outbox)
    : ServiceDeliveredConsumeContext<TMessage>(context, options, unit.Services)
    where TMessage : class
{
    /// <summary>Duplicates are recognised before a message joins a unit: every message here is consumed for the first time.</summary>
    public override bool IsMessageConsumed => false;

    public override int ReceiveCount => 1;

    public override Task AddSend<T>(SendContext<T> sendContext)
    {
        if (!unit.TryDispatchInProcess(sendContext.Message, this))
            outbox.Add(sendContext);
        return Task.CompletedTask;
    }

    public override bool TryGetPayload<T>([NotNullWhen(true)] out T payload) =>
        unit.TryGetScopePayload(out payload) || base.TryGetPayload(out payload);

    public override T GetOrAddPayload<T>(PayloadFactory<T> payloadFactory) =>
        unit.TryGetScopePayload(out T payload) ? payload : base.GetOrAddPayload(payloadFactory);
}
