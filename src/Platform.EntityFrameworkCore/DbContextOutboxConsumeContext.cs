using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// The consume context a consumer or saga sees inside the transactional outbox: whatever it sends, publishes or schedules
/// becomes rows of one outbox in the scope's DbContext, committed with its other changes. MassTransit's outbox pipe
/// consumes the message when it was not consumed before and acknowledges a duplicate without consuming it; delivery to
/// the broker is the delivery service's job, so from the pipe's point of view a consumed message's outbox is done.
/// </summary>
internal sealed class DbContextOutboxConsumeContext<TMessage>(
    ConsumeContext<TMessage> context,
    OutboxConsumeOptions options,
    IServiceProvider provider,
    DbContext db,
    Guid inboxMessageId,
    int receiveCount,
    TimeProvider clock)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    readonly Lock _lock = new();
    Guid? _outboxId;

    /// <summary>Read by MassTransit's in-memory and official factories, which loop until delivery is done; this factory
    /// makes one pass because delivery happens after the commit, in the delivery service.</summary>
    public override bool ContinueProcessing { get; set; }

    public override bool IsMessageConsumed => receiveCount > 1;

    public override bool IsOutboxDelivered => true;

    public override int ReceiveCount => receiveCount;

    public override long? LastSequenceNumber => null;

    /// <summary>The inbox row written when the transaction began records the consumption; it commits with the consumer's
    /// changes or not at all.</summary>
    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => throw DeliveredByService();

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => throw DeliveredByService();

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => throw DeliveredByService();

    /// <summary>A duplicate is acknowledged; its outbox, if any, belongs to the delivery service.</summary>
    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    public override Task AddSend<T>(SendContext<T> sendContext)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_outboxId is not { } outboxId)
            {
                outboxId = NewId.NextGuid();
                db.Add(new OutboxState { OutboxId = outboxId, Created = now, InboxMessageId = inboxMessageId, InboxConsumerId = ConsumerId });
                _outboxId = outboxId;
            }

            db.Add(OutboxMessageFactory.Create(sendContext, outboxId, now));
        }

        return Task.CompletedTask;
    }

    static InvalidOperationException DeliveredByService() =>
        new("Messages of the EF Core outbox are delivered by the outbox delivery service, not by the consume pipeline");
}
