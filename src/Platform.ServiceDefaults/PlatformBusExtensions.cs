using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults;

/// <summary>The bus conventions every platform host shares.</summary>
public static class PlatformBusExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ with the platform's conventions: broker from <see cref="RabbitMqOptions"/>, no usage
    /// telemetry sent home, the Quartz-backed message scheduler (never the delayed-exchange plugin, which Debian's
    /// RabbitMQ lacks), plain-JSON input accepted beside MassTransit's envelope, endpoints from their definitions.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformBus(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> configure,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .BindConfiguration(RabbitMqOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var schedulerQueue = builder.Configuration.GetValue<string>($"{RabbitMqOptions.Section}:{nameof(RabbitMqOptions.SchedulerQueue)}")
            ?? RabbitMqOptions.DefaultSchedulerQueue;
        var schedulerAddress = new Uri($"queue:{schedulerQueue}");

        // Host start returns once the bus is connected and every endpoint is bound, so nothing published right after
        // start is lost to a missing binding.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.AddMessageScheduler(schedulerAddress);
            configure(x);

            x.UsingRabbitMq((context, cfg) =>
            {
                var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                cfg.Host(options.Host, (ushort)options.Port, options.VirtualHost, h =>
                {
                    h.Username(options.Username);
                    h.Password(options.Password);
                });
                cfg.PrefetchCount = options.PrefetchCount;
                cfg.UseMessageScheduler(schedulerAddress);
                cfg.AddDeserializer(new RawJsonDeserializerFactory());
                cfg.ConfigureRunRouting();
                configureBus?.Invoke(context, cfg);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
