namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Adds to an account's balance; a negative amount makes the state machine throw (a poison message).</summary>
public sealed record Deposited
{
    public Guid AccountId { get; init; }

    public int Amount { get; init; }
}
