using MassTransit;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

/// <summary>Many concurrent deliveries on one endpoint, so messages for one instance really race.</summary>
public sealed class CounterStateMachineDefinition : SagaDefinition<CounterState>
{
    public CounterStateMachineDefinition()
    {
        EndpointName = "counter-saga";
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CounterState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<TestDbContext>(context);
    }
}
