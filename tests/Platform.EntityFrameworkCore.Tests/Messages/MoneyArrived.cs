namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>An account's internal message to another: dispatched in process, it never reaches the broker.</summary>
public sealed record MoneyArrived
{
    public Guid AccountId { get; init; }

    public int Amount { get; init; }
}
