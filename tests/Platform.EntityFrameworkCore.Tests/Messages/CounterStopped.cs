namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Finalizes a counter: its row is deleted.</summary>
public sealed record CounterStopped
{
    public Guid CounterId { get; init; }
}
