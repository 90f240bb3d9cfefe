namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Published through the bus outbox in numbered outboxes, to see each delivered once and in order.</summary>
public sealed record Ping
{
    public Guid RunId { get; init; }

    public int Outbox { get; init; }

    public int Sequence { get; init; }
}
