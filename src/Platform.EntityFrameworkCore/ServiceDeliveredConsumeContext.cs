using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;

namespace Platform.EntityFrameworkCore;

/// <summary>
/// A consume context inside the EF Core outbox: whatever the consumer sends, publishes or schedules goes to
/// <see cref="OutboxConsumeContextProxy{TMessage}.AddSend{T}"/> (rows committed with its other changes). Delivery to the
/// broker is the delivery service's job, after the commit, so from MassTransit's point of view a consumed message's outbox
/// is done.
/// </summary>
internal abstract class ServiceDeliveredConsumeContext<TMessage>(ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    /// <summary>Read by MassTransit's in-memory and official factories, which loop until delivery is done; here delivery
    /// happens after the commit, in the delivery service.</summary>
    public override bool ContinueProcessing { get; set; }

    public override bool IsOutboxDelivered => true;

    public override long? LastSequenceNumber => null;

    /// <summary>The inbox row written in the consuming transaction records the consumption; it commits with the
    /// consumer's changes or not at all.</summary>
    public override Task SetConsumed() => Task.CompletedTask;

    public override Task SetDelivered() => throw DeliveredByService();

    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => throw DeliveredByService();

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => throw DeliveredByService();

    /// <summary>A duplicate is acknowledged; its outbox, if any, belongs to the delivery service.</summary>
    public override Task RemoveOutboxMessages() => Task.CompletedTask;

    static InvalidOperationException DeliveredByService() =>
        new("Messages of the EF Core outbox are delivered by the outbox delivery service, not by the consume pipeline");
}
