namespace Platform.Messaging;

/// <summary>Message headers the platform's services agree on.</summary>
public static class PlatformHeaders
{
    /// <summary>Who a command is sent on behalf of (for example <c>api:alice</c>, set by the REST API from its user), recorded
    /// as the sender in the scheduler's audit trail in preference to the broker user or sending host.</summary>
    public const string Sender = "Platform-Sender";

    /// <summary>The longest <see cref="Sender"/> the audit trail records; a longer value is cut.</summary>
    public const int MaxSenderLength = 200;
}
