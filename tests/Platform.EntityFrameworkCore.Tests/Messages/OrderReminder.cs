namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Scheduled by the order consumer through the message scheduler (and so through the outbox).</summary>
public sealed record OrderReminder
{
    public Guid OrderId { get; init; }
}
