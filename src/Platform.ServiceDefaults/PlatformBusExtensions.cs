using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Messaging;

namespace Platform.ServiceDefaults;

/// <summary>The bus of a host that leaves its bus to the platform (the platform's own hosts, a web app that only publishes).</summary>
public static class PlatformBusExtensions
{
    /// <summary>
    /// Calls <c>AddMassTransit</c>: RabbitMQ with the platform's conventions: broker from <see cref="RabbitMqOptions"/>, no
    /// usage telemetry sent home, the platform's Quartz-backed message scheduler (<see cref="MessageSchedulerOptions"/>;
    /// never the delayed-exchange plugin, which Debian's RabbitMQ lacks), plain-JSON input accepted beside MassTransit's
    /// envelope, the run routing, endpoints from their definitions. A service that has its own <c>AddMassTransit</c> does
    /// not call this: it adds the platform's pieces (<c>AddPlatformWorker</c>, <c>AddPlatformClient</c>) to its own bus.
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="configure">Registrations on the bus: consumers, sagas, the platform's libraries.</param>
    /// <param name="configureBus">Bus configuration after the conventions and before <c>ConfigureEndpoints</c>, such as
    /// <c>cfg.ConfigurePlatformWorker(context)</c>.</param>
    public static IHostApplicationBuilder AddPlatformBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>());
        builder.Services.AddOptions<MessageSchedulerOptions>()
            .BindConfiguration(MessageSchedulerOptions.Section)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessageSchedulerOptions>, MessageSchedulerOptionsValidator>());
        var scheduler = builder.Configuration.GetSection(MessageSchedulerOptions.Section).Get<MessageSchedulerOptions>() ?? new MessageSchedulerOptions();

        // Host start returns once the bus is connected and every endpoint is bound, so nothing published right after
        // start is lost to a missing binding.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddMessageScheduler(scheduler.Address);
            configure(x);

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                    if (options.Tls.Enabled)
                        h.UseSsl(tls => BrokerTls.Configure(tls, options));
                    if (options.Nodes.Count > 0)
                    {
                        h.UseCluster(cluster =>
                        {
                            foreach (var node in options.Nodes)
                                cluster.Node(node);
                        });
                    }
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.UseMessageScheduler(scheduler.Address);
                cfg.AddDeserializer(new RawJsonDeserializerFactory());
                cfg.ConfigureRunRouting();
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
