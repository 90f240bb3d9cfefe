using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace Platform.EntityFrameworkCore;

/// <summary>Turns an outgoing message, serialized exactly as the transport would send it, into an outbox row.</summary>
internal static class OutboxMessageFactory
{
    public static OutboxMessage Create<T>(SendContext<T> context, Guid outboxId, DateTimeOffset now)
        where T : class
    {
        var messageId = context.MessageId ?? throw new MessageException(typeof(T), "An outgoing message needs a MessageId to go through the outbox");
        if (context.Delay is { } delay && delay > TimeSpan.Zero)
        {
            // Delivering it later would need the broker's delayed-exchange plugin, which Debian's RabbitMQ lacks.
            throw new NotSupportedException(
                $"{typeof(T).Name} was sent with a delay of {delay} through the outbox; schedule it with the message scheduler (ScheduleSend) instead");
        }

        var serializer = SystemTextJsonMessageSerializer.Instance;
        var message = new OutboxMessage
        {
            OutboxId = outboxId,
            MessageId = messageId,
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress
                ?? throw new MessageException(typeof(T), "An outgoing message needs a destination to go through the outbox"),
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : now,
            ExpirationTime = context.TimeToLive is { } ttl ? now + ttl : null,
            ContentType = (context.ContentType ?? context.Serialization.DefaultContentType).ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = serializer.SerializeDictionary(context.Headers.GetAll()),
        };

        if (context is TransportSendContext<T> transport)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transport.WritePropertiesTo(properties);
            message.Properties = serializer.SerializeDictionary(properties);
        }

        return message;
    }
}
