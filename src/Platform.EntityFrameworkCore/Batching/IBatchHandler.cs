using MassTransit;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>Consumes one message type inside a shared transaction (<see cref="BatchUnit"/>).</summary>
internal interface IBatchHandler
{
    Type MessageType { get; }

    /// <summary>The inbox's consumer id: a message id is consumed once per consumer id.</summary>
    Guid ConsumerId { get; }

    /// <summary>The address of the endpoint it consumes on (known once that endpoint is configured).</summary>
    Uri InputAddress { get; }

    /// <summary>Consumes the handler's message type on <paramref name="endpoint"/> through <paramref name="batcher"/>.</summary>
    void ConfigureEndpoint(IReceiveEndpointConfigurator endpoint, ITransactionBatcher batcher);
}

internal interface IBatchHandler<in TMessage> : IBatchHandler
    where TMessage : class
{
    /// <summary>Tells the unit which saga instances the message will need, so one query loads them for every message of
    /// the transaction.</summary>
    Task PrepareAsync(BatchUnit unit, ConsumeContext<TMessage> context);

    Task DispatchAsync(BatchUnit unit, ConsumeContext<TMessage> context);
}
