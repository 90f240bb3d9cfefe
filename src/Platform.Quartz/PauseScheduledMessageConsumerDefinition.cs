using MassTransit;

namespace Platform.Quartz;

public sealed class PauseScheduledMessageConsumerDefinition : ConsumerDefinition<PauseScheduledMessageConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PauseScheduledMessageConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseBridgeRetry();
}
