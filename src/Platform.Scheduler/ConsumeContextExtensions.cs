using MassTransit;
using Platform.Messaging;

namespace Platform.Scheduler;

internal static class ConsumeContextExtensions
{
    /// <summary>Who sent a command, for the audit trail: the <see cref="PlatformHeaders.Sender"/> header when the sender
    /// acts for someone (the API for its user), else the broker-verified user id or the AMQP app id when a raw publisher
    /// set them, else the sending host and process from MassTransit's envelope, else its source address.</summary>
    public static string? Sender(this ConsumeContext context)
    {
        if (context.Headers.Get<string>(PlatformHeaders.Sender) is { } onBehalfOf && !string.IsNullOrWhiteSpace(onBehalfOf))
        {
            onBehalfOf = onBehalfOf.Trim();
            return onBehalfOf.Length <= PlatformHeaders.MaxSenderLength ? onBehalfOf : onBehalfOf[..PlatformHeaders.MaxSenderLength];
        }

        if (context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var basic))
        {
            if (!string.IsNullOrEmpty(basic.Properties.UserId))
                return $"user:{basic.Properties.UserId}";
            if (!string.IsNullOrEmpty(basic.Properties.AppId))
                return $"app:{basic.Properties.AppId}";
        }

        if (context.Host is { MachineName: { } machine, ProcessName: { } process })
            return $"{machine}/{process}";
        return context.SourceAddress?.ToString();
    }
}
