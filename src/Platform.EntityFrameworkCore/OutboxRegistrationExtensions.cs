using MassTransit;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.EntityFrameworkCore;

public static class OutboxRegistrationExtensions
{
    /// <summary>
    /// The transactional outbox and inbox on <typeparamref name="TDbContext"/> (which the application registers with
    /// AddDbContext and whose model calls <see cref="OutboxModelBuilderExtensions.AddPlatformOutboxEntities"/>): the
    /// consumer outbox that endpoints turn on with
    /// <see cref="OutboxEndpointConfigurationExtensions.UsePlatformEntityFrameworkOutbox{TDbContext}"/>, the delivery
    /// service, the inbox cleanup service and, with <see cref="PlatformOutboxConfigurator.UseBusOutbox"/>, the bus outbox.
    /// Settings come from <see cref="PlatformOutboxOptions.Section"/>. The counterpart of MassTransit.EntityFrameworkCore's
    /// <c>AddEntityFrameworkOutbox&lt;TDbContext&gt;(o =&gt; { o.UsePostgres(); o.UseBusOutbox(); })</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddPlatformEntityFrameworkOutbox<TDbContext>(this IBusRegistrationConfigurator configurator,
        Action<PlatformOutboxConfigurator>? configure = null)
        where TDbContext : DbContext
    {
        var outbox = new PlatformOutboxConfigurator();
        configure?.Invoke(outbox);

        configurator.TryAddSingleton(TimeProvider.System);
        configurator.AddOptions<PlatformOutboxOptions>()
            .BindConfiguration(PlatformOutboxOptions.Section)
            .ValidateOnStart();
        configurator.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformOutboxOptions>, PlatformOutboxOptionsValidator>());
        configurator.AddConcurrencyRetryOptions();

        configurator.TryAddSingleton<OutboxDeliverySignal>();
        configurator.TryAddSingleton<OutboxCommitInterceptor>();
        configurator.TryAddSingleton<OutboxBusLifetime>();
        configurator.AddMetrics();
        configurator.TryAddSingleton<OutboxBacklog>();
        configurator.AddBusObserver(provider => provider.GetRequiredService<OutboxBusLifetime>());
        configurator.ConfigureDbContext<TDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<OutboxCommitInterceptor>()));

        configurator.TryAddScoped<IOutboxContextFactory<TDbContext>, DbContextOutboxContextFactory<TDbContext>>();
        configurator.AddHostedService<OutboxDeliveryService<TDbContext>>();
        configurator.AddHostedService<InboxCleanupService<TDbContext>>();

        if (outbox.BusOutbox)
            configurator.Replace(ServiceDescriptor.Scoped<IScopedBusContextProvider<IBus>, BusOutboxContextProvider<TDbContext>>());
        return configurator;
    }
}
