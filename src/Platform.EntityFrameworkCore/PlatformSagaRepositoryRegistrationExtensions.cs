using MassTransit;

namespace Platform.EntityFrameworkCore;

public static class PlatformSagaRepositoryRegistrationExtensions
{
    /// <summary>
    /// Stores the saga's instances with EF Core in PostgreSQL, one row per correlation id, with optimistic concurrency on
    /// the <c>xmin</c> row version. The same shape as MassTransit.EntityFrameworkCore's <c>EntityFrameworkRepository</c>,
    /// so swapping in that package later changes this call only:
    /// <code>
    /// x.AddSagaStateMachine&lt;JobStateMachine, JobState, JobStateMachineDefinition&gt;()
    ///     .PlatformEntityFrameworkRepository(r => r.ExistingDbContext&lt;SchedulerDbContext&gt;());
    /// </code>
    /// Map the state with <see cref="SagaModelBuilderExtensions.AddPlatformSagaState{TState}"/> and retry conflicts on
    /// the saga's endpoint with <see cref="OutboxEndpointConfigurationExtensions.UsePlatformConcurrencyRetry"/>.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> PlatformEntityFrameworkRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<PlatformSagaRepositoryConfigurator<TSaga>> configure)
        where TSaga : class, ISaga
    {
        var repository = new PlatformSagaRepositoryConfigurator<TSaga>();
        configure(repository);
        configurator.Repository(repository.Registration);
        return configurator;
    }
}
