using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Client;

/// <summary>Registers the publisher client on a service's own MassTransit bus.</summary>
public static class PlatformClientExtensions
{
    /// <summary>
    /// Adds <see cref="IJobScheduler"/> (scoped) to the service's bus registration:
    /// <c>services.AddMassTransit(x => { x.AddPlatformClient(); x.UsingRabbitMq(...); })</c>. Settings come from
    /// <c>Platform:Client</c> (<see cref="PlatformClientOptions"/>), then <paramref name="configure"/>. The bus must be on
    /// the platform's RabbitMQ virtual host. Never calls <c>AddMassTransit</c>; adds no endpoint until the first
    /// <see cref="IJobScheduler.ScheduleAndWaitAsync"/> connects a temporary one.
    /// </summary>
    /// <param name="configurator">The host's bus registration.</param>
    /// <param name="configure">Changes the settings after configuration.</param>
    public static IBusRegistrationConfigurator AddPlatformClient(this IBusRegistrationConfigurator configurator, Action<PlatformClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        IServiceCollection services = configurator;
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<PlatformClientOptions>().BindConfiguration(PlatformClientOptions.Section);
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformClientOptions>, PlatformClientOptionsValidator>());
        services.TryAddSingleton<JobAnswers>();
        services.TryAddScoped<IJobScheduler, JobScheduler>();
        return configurator;
    }
}
