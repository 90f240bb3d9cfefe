using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class UnroutedRunConsumerDefinition : ConsumerDefinition<UnroutedRunConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<UnroutedRunConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerTransaction(context);
}
