namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Starts a counter saga (its initial event).</summary>
public sealed record CounterStarted
{
    public Guid CounterId { get; init; }

    public string Name { get; init; } = "";
}
