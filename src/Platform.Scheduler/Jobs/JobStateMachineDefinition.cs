using MassTransit;
using Platform.EntityFrameworkCore;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Jobs;

/// <summary>Job state machine endpoint: transactional (saga row, triggers, audit and outbox in one commit), lost
/// optimistic-concurrency races retried.</summary>
public sealed class JobStateMachineDefinition : SagaDefinition<JobState>
{
    public JobStateMachineDefinition() => EndpointName = "platform-jobs";

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<JobState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UsePlatformConcurrencyRetry(context);
        endpointConfigurator.UsePlatformEntityFrameworkOutbox<SchedulerDbContext>(context);
    }
}
