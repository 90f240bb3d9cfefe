using MassTransit;
using MassTransit.Metadata;
using MassTransit.Middleware;
using MassTransit.Serialization;

namespace Platform.EntityFrameworkCore;

/// <summary>An outbox row as MassTransit's <see cref="OutboxMessageSendPipe"/> needs it to replay the original send.</summary>
internal sealed class StoredOutboxMessage : OutboxMessageContext
{
    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>();
    readonly OutboxMessage _row;

    public StoredOutboxMessage(OutboxMessage row)
    {
        _row = row;
        var serializer = SystemTextJsonMessageSerializer.Instance;
        Headers = serializer.DeserializeDictionary<object?>(row.Headers) is { } headers ? new DictionarySendHeaders(headers) : EmptyHeaders.Instance;
        Properties = serializer.DeserializeDictionary<object>(row.Properties) ?? NoProperties;
    }

    public long SequenceNumber => _row.SequenceNumber;

    public Guid MessageId => _row.MessageId;

    Guid? MessageContext.MessageId => _row.MessageId;

    public string ContentType => _row.ContentType;

    public string MessageType => _row.MessageType;

    public string Body => _row.Body;

    public IReadOnlyDictionary<string, object> Properties { get; }

    public Guid? RequestId => _row.RequestId;

    public Guid? CorrelationId => _row.CorrelationId;

    public Guid? ConversationId => _row.ConversationId;

    public Guid? InitiatorId => _row.InitiatorId;

    public DateTime? ExpirationTime => _row.ExpirationTime?.UtcDateTime;

    public Uri? SourceAddress => _row.SourceAddress;

    public Uri DestinationAddress => _row.DestinationAddress;

    public Uri? ResponseAddress => _row.ResponseAddress;

    public Uri? FaultAddress => _row.FaultAddress;

    public DateTime? SentTime => _row.SentTime.UtcDateTime;

    public Headers Headers { get; }

    public HostInfo Host => HostMetadataCache.Host;
}
