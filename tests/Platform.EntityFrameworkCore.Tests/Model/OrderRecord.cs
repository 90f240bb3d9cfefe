namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>A row a consumer writes in the same transaction as the messages it publishes (order ids are unique).</summary>
public sealed class OrderRecord
{
    public long Id { get; set; }

    public Guid OrderId { get; set; }
}
