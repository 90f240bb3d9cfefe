namespace Platform.EntityFrameworkCore;

/// <summary>
/// A message sent or published inside a transaction and not yet on the broker (table <c>outbox_message</c>): the
/// serialized body with its envelope fields, headers and transport properties, replayed as it was when the delivery
/// service sends it (same message id, so consumers with an inbox ignore a second copy).
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Insertion order; messages of one outbox are delivered in this order.</summary>
    public long SequenceNumber { get; set; }

    /// <summary>The outbox (<see cref="OutboxState"/>) this message belongs to.</summary>
    public Guid OutboxId { get; set; }

    public Guid MessageId { get; set; }

    public Guid? ConversationId { get; set; }

    public Guid? CorrelationId { get; set; }

    public Guid? InitiatorId { get; set; }

    public Guid? RequestId { get; set; }

    public Uri? SourceAddress { get; set; }

    /// <summary>The queue or exchange the message goes to (for a publish, the message type's exchange).</summary>
    public Uri DestinationAddress { get; set; } = null!;

    public Uri? ResponseAddress { get; set; }

    public Uri? FaultAddress { get; set; }

    public DateTimeOffset SentTime { get; set; }

    /// <summary>After this time the message is worthless (its time-to-live ran out) and is dropped instead of delivered.</summary>
    public DateTimeOffset? ExpirationTime { get; set; }

    public string ContentType { get; set; } = null!;

    /// <summary>The message type URNs, separated by <c>;</c>.</summary>
    public string MessageType { get; set; } = null!;

    public string Body { get; set; } = null!;

    /// <summary>The envelope headers, as JSON.</summary>
    public string? Headers { get; set; }

    /// <summary>Transport properties (routing key, priority, ...), as JSON.</summary>
    public string? Properties { get; set; }
}
