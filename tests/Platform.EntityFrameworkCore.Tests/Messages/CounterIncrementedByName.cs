namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Adds one to the counter with this name: correlated by a query, not by id.</summary>
public sealed record CounterIncrementedByName
{
    public string Name { get; init; } = "";
}
