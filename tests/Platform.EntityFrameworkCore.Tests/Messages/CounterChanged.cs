namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Published by the counter saga (through the outbox) after every change.</summary>
public sealed record CounterChanged
{
    public Guid CounterId { get; init; }

    public int Count { get; init; }

    public string State { get; init; } = "";
}
