namespace Platform.Quartz;

/// <summary>The keys under which a trigger stores the message it will send.</summary>
internal static class ScheduledMessageData
{
    public const string Destination = "Destination";
    public const string Body = "Body";
    public const string ContentType = "ContentType";
    public const string MessageType = "MessageType";
    public const string MessageId = "MessageId";
    public const string CorrelationId = "CorrelationId";
    public const string ConversationId = "ConversationId";
    public const string InitiatorId = "InitiatorId";
    public const string RequestId = "RequestId";
    public const string SourceAddress = "SourceAddress";
    public const string ResponseAddress = "ResponseAddress";
    public const string FaultAddress = "FaultAddress";
    public const string ExpirationTime = "ExpirationTime";
    public const string TokenId = "TokenId";
    public const string Headers = "HeadersAsJson";
    public const string TransportProperties = "TransportProperties";
    public const string SendAttempt = "SendAttempt";

    /// <summary>The one durable Quartz job every scheduled message trigger points at.</summary>
    public const string JobName = "platform-scheduled-message";

    /// <summary>Group of one-off triggers; their name is the scheduling token id.</summary>
    public const string OneOffGroup = "platform-once";
}
