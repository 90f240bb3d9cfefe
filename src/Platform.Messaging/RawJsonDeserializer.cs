using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace Platform.Messaging;

/// <summary>
/// Reads plain JSON (content type <c>application/json</c>) published by services that do not speak MassTransit's envelope.
/// The message type comes from the <c>MT-MessageType</c> header when present, otherwise from the exchange the message was
/// published to (<c>Platform.Contracts:ScheduleJob</c> means <c>urn:message:Platform.Contracts:ScheduleJob</c>), so a raw
/// message is only ever handed to the consumer of its own type.
/// </summary>
public sealed class RawJsonDeserializer : IMessageDeserializer
{
    const RawSerializerOptions Options = RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders;

    /// <summary><c>application/json</c>.</summary>
    public static readonly ContentType JsonContentType = new("application/json");

    /// <inheritdoc />
    public ContentType ContentType => JsonContentType;

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateScope("platform-raw-json").Add("contentType", ContentType.MediaType);

    /// <inheritdoc />
    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        var exchange = receiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var basic) ? basic.Exchange : null;
        return new BodyConsumeContext(receiveContext,
            Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress, exchange));
    }

    /// <inheritdoc />
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        Deserialize(body, headers, destinationAddress, exchange: null);

    /// <inheritdoc />
    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    static SystemTextJsonRawSerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress, string? exchange)
    {
        JsonElement element;
        var bytes = body.GetBytes();
        headers = new DerivedMessageIdHeaders(headers, bytes, exchange);
        try
        {
            element = bytes.Length == 0
                ? JsonDocument.Parse("{}").RootElement
                : JsonSerializer.Deserialize<JsonElement>(bytes, SystemTextJsonMessageSerializer.Options);
        }
        catch (JsonException exception)
        {
            throw new SerializationException($"The message body is not valid JSON: {exception.Message}", exception);
        }

        var messageTypes = headers.GetMessageTypes();
        if (messageTypes.Length == 0)
            messageTypes = MessageTypesFromExchange(exchange);

        return new SystemTextJsonRawSerializerContext(SystemTextJsonMessageSerializer.Instance, SystemTextJsonMessageSerializer.Options,
            JsonContentType, new RawMessageContext(headers, destinationAddress, Options), messageTypes, Options, element);
    }

    /// <summary>MassTransit names a message type's exchange <c>Namespace:Type</c>; an exchange without a colon (an endpoint's
    /// own) says nothing about the type, and then no consumer accepts the message: it lands in <c>_skipped</c>, not lost.</summary>
    internal static string[] MessageTypesFromExchange(string? exchange) =>
        string.IsNullOrEmpty(exchange) || !exchange.Contains(':', StringComparison.Ordinal)
            ? ["urn:message:Platform.Unknown:RawJsonWithoutMessageType"]
            : [$"urn:message:{exchange}"];
}

/// <summary>Registers <see cref="RawJsonDeserializer"/> for <c>application/json</c>.</summary>
public sealed class RawJsonDeserializerFactory : ISerializerFactory
{
    /// <inheritdoc />
    public ContentType ContentType => RawJsonDeserializer.JsonContentType;

    /// <inheritdoc />
    public IMessageSerializer CreateSerializer() => new SystemTextJsonRawMessageSerializer(RawSerializerOptions.Default);

    /// <inheritdoc />
    public IMessageDeserializer CreateDeserializer() => new RawJsonDeserializer();
}
