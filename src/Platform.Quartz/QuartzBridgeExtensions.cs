using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Platform.Quartz;

/// <summary>Registration of the bridge between MassTransit's message scheduler and Quartz. Swapping in the official
/// MassTransit.Quartz package later is a change to these two calls.</summary>
public static class QuartzBridgeExtensions
{
    /// <summary>A clustered Quartz scheduler on PostgreSQL (schema created on start), configured from
    /// <see cref="QuartzBridgeOptions"/>, started once the bus has started.</summary>
    public static IHostApplicationBuilder AddPlatformQuartz(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(QuartzBridgeOptions.Section).Get<QuartzBridgeOptions>() ?? new QuartzBridgeOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException($"{QuartzBridgeOptions.Section}:{nameof(QuartzBridgeOptions.ConnectionString)} is required");
        builder.Services.AddOptions<QuartzBridgeOptions>().BindConfiguration(QuartzBridgeOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QuartzBridgeOptions>, QuartzBridgeOptionsValidator>());

        builder.Services.AddHostedService<QuartzSchemaInitializer>();
        builder.Services.AddSingleton<ScheduleGate>();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.SchedulerName;
                s.GenerateInstanceId = true;
                s.IdleWaitTime = options.IdleWaitTime;
                s.MaxBatchSize = options.MaxBatchSize;
                s.BatchTriggerAcquisitionFireAheadTimeWindow = options.BatchFireAheadWindow;
            });
            q.UseDefaultThreadPool(options.ThreadCount);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(options.ConnectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = options.CheckinInterval;
                    c.CheckinMisfireThreshold = options.CheckinMisfireThreshold;
                });
                store.ConfigureStore(s =>
                {
                    s.MisfireThreshold = options.MisfireThreshold;
                    s.StoreJobDataAsStrings = true;
                    s.TablePrefix = $"{options.Schema}.qrtz_";
                });
            });
        });
        builder.Services.AddQuartzHostedService(h =>
        {
            h.AutoStart = false;
            h.WaitForJobsToComplete = true;
        });
        builder.Services.AddBusObserver<QuartzBusObserver>();
        return builder;
    }

    /// <summary>The consumers of MassTransit's scheduler contracts, on the queue the bus's message scheduler sends to;
    /// <paramref name="configureEndpoint"/> (the queue's type, for instance) applies to that queue.</summary>
    public static IBusRegistrationConfigurator AddQuartzBridgeConsumers(this IBusRegistrationConfigurator configurator, string queueName,
        Action<IReceiveEndpointConfigurator>? configureEndpoint = null)
    {
        void Endpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = queueName;
            if (configureEndpoint is not null)
                e.AddConfigureEndpointCallback((_, endpoint) => configureEndpoint(endpoint));
        }

        configurator.AddConsumer<ScheduleMessageConsumer, ScheduleMessageConsumerDefinition>().Endpoint(Endpoint);
        configurator.AddConsumer<ScheduleRecurringMessageConsumer, ScheduleRecurringMessageConsumerDefinition>().Endpoint(Endpoint);
        configurator.AddConsumer<CancelScheduledMessageConsumer, CancelScheduledMessageConsumerDefinition>().Endpoint(Endpoint);
        configurator.AddConsumer<PauseScheduledMessageConsumer, PauseScheduledMessageConsumerDefinition>().Endpoint(Endpoint);
        return configurator;
    }
}
