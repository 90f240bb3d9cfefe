namespace Platform.EntityFrameworkCore;

/// <summary>
/// One message consumed by one consumer (table <c>inbox_state</c>). The row is written in the transaction that consumed
/// the message, so it exists exactly when the consumer's changes were committed: a redelivery of the same message id to
/// the same consumer finds it and is acknowledged without being consumed again. Rows older than the duplicate-detection
/// window are removed by the inbox cleanup service.
/// </summary>
public sealed class InboxState
{
    /// <summary>The consumed message's id (MassTransit's original message id when the message was redelivered).</summary>
    public Guid MessageId { get; set; }

    /// <summary>Which consumer on which endpoint consumed it (MassTransit derives it from the consumer type and the endpoint name).</summary>
    public Guid ConsumerId { get; set; }

    /// <summary>When the consuming transaction started.</summary>
    public DateTimeOffset Consumed { get; set; }

    /// <summary>How many deliveries of this message id reached the consumer, the consumed one and every duplicate.</summary>
    public int ReceiveCount { get; set; }
}
