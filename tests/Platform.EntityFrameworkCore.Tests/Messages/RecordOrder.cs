namespace Platform.EntityFrameworkCore.Tests.Messages;

/// <summary>Asks the order consumer to store an order and publish OrderRecorded, optionally scheduling a reminder and failing after publishing.</summary>
public sealed record RecordOrder
{
    public Guid OrderId { get; init; }

    public bool FailAfterPublish { get; init; }

    public bool ScheduleReminder { get; init; }
}
