using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>Runs a consumer, resolved from the transaction's scope, inside a <see cref="BatchUnit"/>.</summary>
internal sealed class ConsumerBatchHandler<TConsumer, TMessage>(Guid consumerId) : IBatchHandler<TMessage>
    where TConsumer : class, IConsumer<TMessage>
    where TMessage : class
{
    public Type MessageType => typeof(TMessage);

    public Guid ConsumerId { get; } = consumerId;

    public Uri InputAddress { get; private set; } = new("loopback://localhost/unconfigured");

    public void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint, ITransactionBatcher batcher)
    {
        InputAddress = endpoint.InputAddress;
        endpoint.Handler<TMessage>(context => batcher.SubmitAsync(context, this));
    }

    public Task PrepareAsync(BatchUnit unit, ConsumeContext<TMessage> context) => Task.CompletedTask;

    public Task DispatchAsync(BatchUnit unit, ConsumeContext<TMessage> context) =>
        unit.Services.GetRequiredService<TConsumer>().Consume(context);
}
