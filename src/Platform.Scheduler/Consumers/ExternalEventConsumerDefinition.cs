using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class ExternalEventConsumerDefinition : ConsumerDefinition<ExternalEventConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ExternalEventConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerTransaction(context);
}
