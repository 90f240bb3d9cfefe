using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class RunOutcomeConsumerDefinition : ConsumerDefinition<RunOutcomeConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RunOutcomeConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerRetry();
}
