namespace Platform.EntityFrameworkCore;

/// <summary>
/// One outbox (table <c>outbox_state</c>): the messages one transaction produced, delivered in order as a unit. The
/// delivery service locks the row (<c>FOR UPDATE SKIP LOCKED</c>) while it sends the outbox's messages, so several
/// instances never deliver the same outbox at once, and deletes it once every message is on the broker.
/// </summary>
public sealed class OutboxState
{
    /// <summary>The outbox's id; its messages carry it.</summary>
    public Guid OutboxId { get; set; }

    /// <summary>When the first message was added.</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>The consumed message that produced this outbox; null for the bus outbox (code outside a consumer).</summary>
    public Guid? InboxMessageId { get; set; }

    /// <summary>The consumer that produced this outbox; null for the bus outbox.</summary>
    public Guid? InboxConsumerId { get; set; }
}
