using MassTransit;
using MassTransit.Middleware;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// The consume context a consumer or saga sees inside the transactional outbox: whatever it sends, publishes or schedules
/// becomes rows of one outbox in the scope's DbContext, committed with its other changes. MassTransit's outbox pipe
/// consumes the message when it was not consumed before and acknowledges a duplicate without consuming it.
/// </summary>
internal sealed class DbContextOutboxConsumeContext<TMessage>(
    ConsumeContext<TMessage> context,
    OutboxConsumeOptions options,
    IServiceProvider provider,
    OutboxRows rows,
    Guid inboxMessageId,
    int receiveCount,
    TimeProvider clock)
    : ServiceDeliveredConsumeContext<TMessage>(context, options, provider)
    where TMessage : class
{
    readonly ConsumerOutbox _outbox = new(rows, inboxMessageId, options.ConsumerId, clock);

    public override bool IsMessageConsumed => receiveCount > 1;

    public override int ReceiveCount => receiveCount;

    public override Task AddSend<T>(SendContext<T> sendContext)
    {
        _outbox.Add(sendContext);
        return Task.CompletedTask;
    }
}
