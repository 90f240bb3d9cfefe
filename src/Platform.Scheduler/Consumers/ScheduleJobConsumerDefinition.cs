using MassTransit;

namespace Platform.Scheduler.Consumers;

public sealed class ScheduleJobConsumerDefinition : ConsumerDefinition<ScheduleJobConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ScheduleJobConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseSchedulerTransaction(context);
}
