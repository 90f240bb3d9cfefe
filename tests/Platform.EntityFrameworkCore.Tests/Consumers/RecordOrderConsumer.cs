using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Consumers;

/// <summary>Stores an order, publishes OrderRecorded and (when asked) schedules a reminder, then saves; when asked, fails
/// after publishing, as a consumer whose later step throws would.</summary>
public sealed class RecordOrderConsumer(TestDbContext db, IMessageScheduler scheduler, TimeProvider clock) : IConsumer<RecordOrder>
{
    public static readonly Uri ReminderQueue = new("queue:order-reminders");

    public async Task Consume(ConsumeContext<RecordOrder> context)
    {
        var order = context.Message;
        db.Orders.Add(new OrderRecord { OrderId = order.OrderId });
        await context.Publish(new OrderRecorded { OrderId = order.OrderId });
        if (order.ScheduleReminder)
            await scheduler.ScheduleSend(ReminderQueue, clock.GetUtcNow().AddHours(1).UtcDateTime, new OrderReminder { OrderId = order.OrderId });
        if (order.FailAfterPublish)
            throw new InvalidOperationException($"Order {order.OrderId} fails after publishing, as asked");
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
