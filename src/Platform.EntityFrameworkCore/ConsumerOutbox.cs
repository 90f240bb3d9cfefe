using MassTransit;

namespace Platform.EntityFrameworkCore;

/// <summary>The outbox of one consumed message: what its consumer sends, publishes or schedules becomes rows of one
/// <see cref="OutboxState"/> (linked to the consumed message's inbox row) in <paramref name="rows"/>, written and
/// committed with the consumer's other changes.</summary>
internal sealed class ConsumerOutbox(OutboxRows rows, Guid inboxMessageId, Guid consumerId, TimeProvider clock)
{
    readonly Lock _lock = new();
    Guid? _outboxId;

    public void Add<T>(SendContext<T> sendContext)
        where T : class
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_outboxId is not { } outboxId)
            {
                outboxId = NewId.NextGuid();
                rows.Add(new OutboxState { OutboxId = outboxId, Created = now, InboxMessageId = inboxMessageId, InboxConsumerId = consumerId });
                _outboxId = outboxId;
            }

            rows.Add(OutboxMessageFactory.Create(sendContext, outboxId, now));
        }
    }
}
