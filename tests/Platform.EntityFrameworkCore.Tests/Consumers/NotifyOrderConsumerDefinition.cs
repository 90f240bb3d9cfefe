using MassTransit;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Consumers;

public sealed class NotifyOrderConsumerDefinition : ConsumerDefinition<NotifyOrderConsumer>
{
    public NotifyOrderConsumerDefinition()
    {
        EndpointName = "notify-order";
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<NotifyOrderConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<TestDbContext>(context);
    }
}
