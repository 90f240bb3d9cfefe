namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Published by the order consumer through the outbox.</summary>
public sealed record OrderRecorded
{
    public Guid OrderId { get; init; }
}
