namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Published through the outbox on every change: two with the same balance for one account would be a lost update.</summary>
public sealed record BalanceChanged
{
    public Guid AccountId { get; init; }

    public int Balance { get; init; }
}
