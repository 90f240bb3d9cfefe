namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Adds one to a counter; also initial, so concurrent first increments race to create the instance.</summary>
public sealed record CounterIncremented
{
    public Guid CounterId { get; init; }
}
