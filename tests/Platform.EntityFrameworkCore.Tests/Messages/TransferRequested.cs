namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Moves money from one account to another: the source account publishes <see cref="MoneyArrived"/> for the target.</summary>
public sealed record TransferRequested
{
    public Guid AccountId { get; init; }

    public Guid To { get; init; }

    public int Amount { get; init; }
}
