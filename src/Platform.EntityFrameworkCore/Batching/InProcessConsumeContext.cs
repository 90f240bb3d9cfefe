using System.Diagnostics.CodeAnalysis;
using MassTransit;
using MassTransit.Context;

namespace Platform.EntityFrameworkCore.Batching;

/// <summary>
/// A message published inside a <see cref="BatchUnit"/> and consumed there, as the endpoint of its state machine or
/// consumer would have received it: its receive context names that endpoint (so what it schedules for itself, such as a
/// state machine's timeout, comes back to that endpoint and not to the publisher's), and everything it publishes goes
/// where its publisher's does (the same outbox, or in process again).
/// </summary>
internal sealed class InProcessConsumeContext<TMessage> : ConsumeContextProxy, ConsumeContext<TMessage>
    where TMessage : class
{
    readonly MessageSchedulerContext? _scheduler;

    public InProcessConsumeContext(ConsumeContext publisher, TMessage message, Uri inputAddress)
        : base(publisher)
    {
        Message = message;
        ReceiveContext = new InProcessReceiveContext(publisher.ReceiveContext, inputAddress);
        if (publisher.TryGetPayload(out MessageSchedulerContext? scheduler))
            _scheduler = new ConsumeMessageSchedulerContext(this, scheduler.SchedulerFactory);
    }

    public TMessage Message { get; }

    public Task NotifyConsumed(TimeSpan duration, string consumerType) => NotifyConsumed(this, duration, consumerType);

    public Task NotifyFaulted(TimeSpan duration, string consumerType, Exception exception) => NotifyFaulted(this, duration, consumerType, exception);

    public override bool TryGetPayload<T>([NotNullWhen(true)] out T payload)
        where T : class
    {
        if (_scheduler is T scheduler)
        {
            payload = scheduler;
            return true;
        }

        return base.TryGetPayload(out payload);
    }

    public override T GetOrAddPayload<T>(PayloadFactory<T> payloadFactory) =>
        _scheduler is T scheduler ? scheduler : base.GetOrAddPayload(payloadFactory);

    sealed class InProcessReceiveContext(ReceiveContext context, Uri inputAddress) : ReceiveContextProxy(context), ReceiveContext
    {
        Uri ReceiveContext.InputAddress => inputAddress;
    }
}
