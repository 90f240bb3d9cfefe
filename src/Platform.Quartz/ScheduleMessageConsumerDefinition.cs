using MassTransit;

namespace Platform.Quartz;

public sealed class ScheduleMessageConsumerDefinition : ConsumerDefinition<ScheduleMessageConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScheduleMessageConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseBridgeRetry();
}
