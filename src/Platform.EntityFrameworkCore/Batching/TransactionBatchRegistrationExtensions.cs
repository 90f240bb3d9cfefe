using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore.Batching;

public static class TransactionBatchRegistrationExtensions
{
    /// <summary>
    /// Consumes the state machines and consumers registered in <paramref name="configure"/> in shared transactions of
    /// <typeparamref name="TDbContext"/> (see <see cref="TransactionBatchOptions"/>): the saga rows they change, the
    /// messages they publish (outbox rows of <see cref="OutboxRegistrationExtensions.AddPlatformEntityFrameworkOutbox{TDbContext}"/>,
    /// which must be registered too) and the inbox rows of the messages they consumed commit together, many messages per
    /// commit. Each message still has its own delivery: it is acknowledged once its transaction committed, retried and
    /// moved to the error queue on its own. Configure the endpoints with
    /// <see cref="ConfigurePlatformTransactionBatches{TDbContext}"/> in the bus factory. Register the state machines here
    /// instead of with <c>AddSagaStateMachine</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddPlatformTransactionBatches<TDbContext>(this IBusRegistrationConfigurator configurator,
        Action<PlatformTransactionBatchConfigurator> configure)
        where TDbContext : DbContext
    {
        var batches = new PlatformTransactionBatchConfigurator();
        configure(batches);
        configurator.TryAddSingleton(TimeProvider.System);
        configurator.AddOptions<TransactionBatchOptions>()
            .BindConfiguration(TransactionBatchOptions.Section)
            .ValidateOnStart();
        configurator.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransactionBatchOptions>, TransactionBatchOptionsValidator>());
        configurator.AddConcurrencyRetryOptions();
        foreach (var registration in batches.Registrations)
            registration.Register(configurator);
        configurator.AddSingleton(new TransactionBatchRegistrations<TDbContext>(batches));
        configurator.TryAddSingleton<TransactionBatcher<TDbContext>>();
        return configurator;
    }

    /// <summary>
    /// Declares the batched endpoints registered with <see cref="AddPlatformTransactionBatches{TDbContext}"/>: each one
    /// consumes its state machines' events and its consumers' messages through the shared transactions, retries a message
    /// that lost an optimistic-concurrency race (<see cref="OutboxEndpointConfigurationExtensions.UsePlatformConcurrencyRetry"/>)
    /// and applies <paramref name="configureEndpoint"/> (a retry policy, for instance) to each.
    /// </summary>
    public static void ConfigurePlatformTransactionBatches<TDbContext>(this IReceiveConfigurator configurator, IRegistrationContext context,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null)
        where TDbContext : DbContext
    {
        var batches = context.GetRequiredService<TransactionBatchRegistrations<TDbContext>>().Batches;
        var batcher = context.GetRequiredService<TransactionBatcher<TDbContext>>();
        var options = context.GetRequiredService<IOptions<TransactionBatchOptions>>().Value;
        var handlers = batches.Registrations
            .Select(r => (r.EndpointName, Handlers: r.CreateHandlers(context).ToList()))
            .ToList();

        foreach (var type in batches.InProcessTypes)
        {
            var handler = handlers.SelectMany(e => e.Handlers).SingleOrDefault(h => h.MessageType == type)
                ?? throw new ConfigurationException($"{type.Name} is dispatched in process but no batched state machine or consumer consumes it");
            batcher.Settings.DispatchInProcess(handler);
        }

        foreach (var preload in batches.Preloads)
            batcher.Settings.Preload(preload);
        batcher.Settings.SaveOncePerTransaction = batches.OncePerTransaction;

        foreach (var endpoint in handlers.GroupBy(e => e.EndpointName, StringComparer.Ordinal))
        {
            configurator.ReceiveEndpoint(endpoint.Key, e =>
            {
                e.PrefetchCount = options.PrefetchCount;
                e.ConcurrentMessageLimit = options.PrefetchCount;
                configureEndpoint?.Invoke(e);
                e.UsePlatformConcurrencyRetry(context);
                foreach (var handler in endpoint.SelectMany(h => h.Handlers))
                    handler.ConfigureEndpoint(e, batcher);
            });
        }
    }
}

/// <summary>What <see cref="TransactionBatchRegistrationExtensions.AddPlatformTransactionBatches{TDbContext}"/> registered, for
/// the bus configuration.</summary>
internal sealed record TransactionBatchRegistrations<TDbContext>(PlatformTransactionBatchConfigurator Batches)
    where TDbContext : DbContext;
