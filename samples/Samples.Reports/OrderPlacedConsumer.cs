using MassTransit;

namespace Samples.Reports;

/// <summary>The service's own consumer, which it had before it ran any job.</summary>
public sealed class OrderPlacedConsumer(OrderBook book, ILogger<OrderPlacedConsumer> logger) : IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<OrderPlaced> context)
    {
        book.Add(context.Message);
        logger.LogInformation("Order {OrderId} of {Amount} in {Region} recorded", context.Message.OrderId, context.Message.Amount, context.Message.Region);
        return Task.CompletedTask;
    }
}
