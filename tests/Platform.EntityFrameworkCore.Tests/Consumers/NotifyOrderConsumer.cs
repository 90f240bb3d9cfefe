using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Consumers;

/// <summary>Writes one notification row per OrderRecorded it consumes; behind the inbox, a copy of the same message must not
/// add a second row.</summary>
public sealed class NotifyOrderConsumer(TestDbContext db) : IConsumer<OrderRecorded>
{
    public async Task Consume(ConsumeContext<OrderRecorded> context)
    {
        db.Notifications.Add(new NotificationRecord { OrderId = context.Message.OrderId });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
