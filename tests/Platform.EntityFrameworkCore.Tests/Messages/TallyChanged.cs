namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Published by the tally saga after every change.</summary>
public sealed record TallyChanged
{
    public Guid TallyId { get; init; }

    public int Count { get; init; }
}
