using MassTransit;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Consumers;

public sealed class RecordOrderConsumerDefinition : ConsumerDefinition<RecordOrderConsumer>
{
    public RecordOrderConsumerDefinition()
    {
        EndpointName = "record-order";
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RecordOrderConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<TestDbContext>(context);
    }
}
