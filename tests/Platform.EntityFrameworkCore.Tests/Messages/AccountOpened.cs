namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Opens an account (the account state machine's initial event).</summary>
public sealed record AccountOpened
{
    public Guid AccountId { get; init; }
}
