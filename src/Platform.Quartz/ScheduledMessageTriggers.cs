using System.Globalization;
using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;
using Quartz;

namespace Platform.Quartz;

/// <summary>Builds the Quartz trigger that carries a scheduled message: its serialized body, and the ids, addresses and
/// headers of the envelope it came in, so the message that fires is the one that was scheduled.</summary>
internal static class ScheduledMessageTriggers
{
    public static readonly JobKey JobKey = new(ScheduledMessageData.JobName);

    public static JobDataMap JobData<T>(ConsumeContext<T> context, object payload, string[] payloadTypes, Uri destination, Guid tokenId,
        Guid? messageId)
        where T : class
    {
        var body = context.SerializerContext.GetMessageSerializer(payload, payloadTypes)
            .GetMessageBody(new MessageSendContext<T>(context.Message));

        var data = new JobDataMap
        {
            [ScheduledMessageData.Destination] = destination.ToString(),
            [ScheduledMessageData.Body] = body.GetString(),
            [ScheduledMessageData.ContentType] = context.ReceiveContext.ContentType?.ToString()
                ?? SystemTextJsonMessageSerializer.JsonContentType.ToString(),
            [ScheduledMessageData.MessageType] = string.Join(';', payloadTypes),
            [ScheduledMessageData.TokenId] = tokenId.ToString("N"),
        };
        Put(data, ScheduledMessageData.MessageId, messageId);
        Put(data, ScheduledMessageData.CorrelationId, context.CorrelationId);
        Put(data, ScheduledMessageData.ConversationId, context.ConversationId);
        Put(data, ScheduledMessageData.InitiatorId, context.InitiatorId);
        Put(data, ScheduledMessageData.RequestId, context.RequestId);
        Put(data, ScheduledMessageData.SourceAddress, context.SourceAddress?.ToString());
        Put(data, ScheduledMessageData.ResponseAddress, context.ResponseAddress?.ToString());
        Put(data, ScheduledMessageData.FaultAddress, context.FaultAddress?.ToString());
        Put(data, ScheduledMessageData.ExpirationTime, context.ExpirationTime?.ToString("O", CultureInfo.InvariantCulture));

        var headers = context.Headers.GetAll().ToList();
        if (headers.Count > 0)
            data[ScheduledMessageData.Headers] = JsonSerializer.Serialize(headers, SystemTextJsonMessageSerializer.Options);

        if (context.ReceiveContext.TryGetPayload<TransportReceiveContext>(out var transport)
            && transport.GetTransportProperties() is { Count: > 0 } properties)
            data[ScheduledMessageData.TransportProperties] = JsonSerializer.Serialize(properties, SystemTextJsonMessageSerializer.Options);

        return data;
    }

    static void Put(JobDataMap data, string key, Guid? value)
    {
        if (value.HasValue)
            data[key] = value.Value.ToString("N");
    }

    static void Put(JobDataMap data, string key, string? value)
    {
        if (value is not null)
            data[key] = value;
    }
}
