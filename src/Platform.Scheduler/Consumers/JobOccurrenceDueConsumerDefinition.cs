using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class JobOccurrenceDueConsumerDefinition : ConsumerDefinition<JobOccurrenceDueConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<JobOccurrenceDueConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerRetry();
}
