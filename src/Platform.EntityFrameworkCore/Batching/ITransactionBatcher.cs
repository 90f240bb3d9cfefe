using MassTransit;

namespace Platform.EntityFrameworkCore.Batching;

internal interface ITransactionBatcher
{
    /// <summary>Consumes <paramref name="context"/>'s message with <paramref name="handler"/> in the next shared
    /// transaction; completes once that transaction committed.</summary>
    Task SubmitAsync<TMessage>(ConsumeContext<TMessage> context, IBatchHandler<TMessage> handler)
        where TMessage : class;
}
