using MassTransit;

namespace Platform.Worker.Tests.Composition;

/// <summary>The service's own consumer, on the same bus as the worker.</summary>
public sealed class OrderPlacedConsumer(ReceivedOrders orders) : IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<OrderPlaced> context)
    {
        orders.Add(context.Message.OrderId);
        return Task.CompletedTask;
    }
}
