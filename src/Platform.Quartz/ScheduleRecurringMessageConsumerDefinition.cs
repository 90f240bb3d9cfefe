using MassTransit;

namespace Platform.Quartz;

public sealed class ScheduleRecurringMessageConsumerDefinition : ConsumerDefinition<ScheduleRecurringMessageConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScheduleRecurringMessageConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseBridgeRetry();
}
