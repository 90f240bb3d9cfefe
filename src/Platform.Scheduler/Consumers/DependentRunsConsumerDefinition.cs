using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class DependentRunsConsumerDefinition : ConsumerDefinition<DependentRunsConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DependentRunsConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerTransaction(context);
}
