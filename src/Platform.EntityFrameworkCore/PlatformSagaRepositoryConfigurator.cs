using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Platform.EntityFrameworkCore;

/// <summary>Configures the EF Core saga repository of one saga; shaped like MassTransit.EntityFrameworkCore's
/// <c>IEntityFrameworkSagaRepositoryConfigurator</c>.</summary>
public sealed class PlatformSagaRepositoryConfigurator<TSaga>
    where TSaga : class, ISaga
{
    Action<ISagaRepositoryRegistrationConfigurator<TSaga>>? _register;

    /// <summary>Use the scoped <typeparamref name="TDbContext"/> the application registered (AddDbContext): the consumer
    /// scope's instance, shared with the transactional outbox and the activities.</summary>
    public void ExistingDbContext<TDbContext>()
        where TDbContext : DbContext =>
        _register = services =>
        {
            services.RegisterLoadSagaRepository<TSaga, DbContextSagaRepositoryContextFactory<TSaga, TDbContext>>();
            services.RegisterQuerySagaRepository<TSaga, DbContextSagaRepositoryContextFactory<TSaga, TDbContext>>();
            services.RegisterSagaRepository<TSaga, TDbContext, SagaConsumeContextFactory<TDbContext, TSaga>,
                DbContextSagaRepositoryContextFactory<TSaga, TDbContext>>();
            services.AddConcurrencyRetryOptions();
        };

    internal Action<ISagaRepositoryRegistrationConfigurator<TSaga>> Registration =>
        _register ?? throw new ConfigurationException(
            $"The EF Core saga repository of {typeof(TSaga).Name} needs a DbContext: call r.{nameof(ExistingDbContext)}<TDbContext>()");
}
