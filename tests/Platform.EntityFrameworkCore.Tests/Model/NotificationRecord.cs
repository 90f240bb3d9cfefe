namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>A row per consumption of an OrderRecorded event: two rows for one order would mean it was consumed twice.</summary>
public sealed class NotificationRecord
{
    public long Id { get; set; }

    public Guid OrderId { get; set; }
}
