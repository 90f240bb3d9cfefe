using System.Diagnostics;
using MassTransit;
using MassTransit.Middleware;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>A message waiting for, or taking part in, a shared transaction; its delivery completes when that transaction
/// committed (or fails with the exception that stopped it).</summary>
internal abstract class BatchItem(Guid messageId, Guid consumerId)
{
    readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _done.Task;

    public Guid MessageId { get; } = messageId;

    public Guid ConsumerId { get; } = consumerId;

    /// <summary>The span the message's delivery was consumed in (MassTransit's), current while the transaction consumes
    /// it, so what it does and publishes belongs to the message's trace and not to whichever message started the loop.</summary>
    public Activity? Activity { get; } = Activity.Current;

    public abstract string Description { get; }

    public abstract Task PrepareAsync(BatchUnit unit);

    public abstract Task DispatchAsync(BatchUnit unit, TimeProvider clock);

    public void Succeed() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);
}

internal sealed class BatchItem<TMessage>(ConsumeContext<TMessage> context, IBatchHandler<TMessage> handler, Guid messageId)
    : BatchItem(messageId, handler.ConsumerId)
    where TMessage : class
{
    public override string Description => $"{typeof(TMessage).Name} {MessageId}";

    public override Task PrepareAsync(BatchUnit unit)
    {
        unit.Announce(context.Message);
        return handler.PrepareAsync(unit, context);
    }

    public override Task DispatchAsync(BatchUnit unit, TimeProvider clock)
    {
        var options = new OutboxConsumeOptions { ConsumerId = ConsumerId, ConsumerType = typeof(TMessage).Name };
        var outbox = new ConsumerOutbox(unit.Outbox, MessageId, ConsumerId, clock);
        return handler.DispatchAsync(unit, new BatchConsumeContext<TMessage>(context, options, unit, outbox));
    }
}
