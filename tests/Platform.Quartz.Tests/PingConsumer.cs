using MassTransit;

namespace Platform.Quartz.Tests;

public sealed class PingConsumer(PingRecorder recorder) : IConsumer<Ping>
{
    public Task Consume(ConsumeContext<Ping> context)
    {
        recorder.Add(new ReceivedPing(context.Message, TimeProvider.System.GetUtcNow(), context.MessageId, context.CorrelationId, context.ConversationId,
            context.GetSchedulingTokenId(), context.Headers.Get<string>("X-Custom"), context.GetQuartzScheduled()));
        return Task.CompletedTask;
    }
}
