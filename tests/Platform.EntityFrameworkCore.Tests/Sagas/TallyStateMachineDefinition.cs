using MassTransit;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

public sealed class TallyStateMachineDefinition : SagaDefinition<TallyState>
{
    public TallyStateMachineDefinition()
    {
        EndpointName = "tally-saga";
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TallyState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<TestDbContext>(context);
    }
}
