using MassTransit;
using Platform.EntityFrameworkCore;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Runs;

/// <summary>Run state machine endpoint: transactional, lost optimistic-concurrency races retried (many reports for one
/// run can arrive at once).</summary>
public sealed class RunStateMachineDefinition : SagaDefinition<RunState>
{
    public RunStateMachineDefinition() => EndpointName = "platform-runs";

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RunState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<SchedulerDbContext>(context);
    }
}
