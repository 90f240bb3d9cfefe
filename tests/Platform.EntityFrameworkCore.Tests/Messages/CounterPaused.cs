namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Moves a counter to Paused.</summary>
public sealed record CounterPaused
{
    public Guid CounterId { get; init; }
}
