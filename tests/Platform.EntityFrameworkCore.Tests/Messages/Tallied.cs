namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Adds one to a tally saga that is inserted before its initial event is applied.</summary>
public sealed record Tallied
{
    public Guid TallyId { get; init; }
}
