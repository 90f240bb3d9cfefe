using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Quartz;
using Platform.Scheduler.Consumers;
using Platform.Scheduler.Persistence;
using Platform.ServiceDefaults;
using RabbitMQ.Client;

namespace Platform.Scheduler;

public static class SchedulerExtensions
{
    /// <summary>The scheduler service: job commands, the Quartz bridge, run history in PostgreSQL (migrated on start).</summary>
    public static IHostApplicationBuilder AddScheduler(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SchedulerOptions>()
            .BindConfiguration(SchedulerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var rabbit = builder.Configuration.GetSection(RabbitMqOptions.Section).Get<RabbitMqOptions>() ?? new RabbitMqOptions();

        builder.Services.AddDbContext<SchedulerDbContext>((services, db) =>
            db.UsePlatformScheduler(services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ConnectionString));
        // Before the bus: nothing is consumed until the schema is there.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.AddPlatformQuartz();

        builder.AddPlatformBus(x =>
        {
            x.AddQuartzBridgeConsumers(rabbit.SchedulerQueue);
            x.AddConsumer<ScheduleJobConsumer, ScheduleJobConsumerDefinition>().Endpoint(e => e.Name = options.Queue);
            x.AddConsumer<JobOccurrenceDueConsumer, JobOccurrenceDueConsumerDefinition>().Endpoint(e => e.Name = options.Queue);
            x.AddConsumer<RunOutcomeConsumer, RunOutcomeConsumerDefinition>().Endpoint(e => e.Name = options.Queue);
            x.AddConsumer<UnroutedRunConsumer, UnroutedRunConsumerDefinition>().ExcludeFromConfigureEndpoints();
        }, (context, cfg) =>
        {
            cfg.ReceiveEndpoint(options.UnroutedRunsQueue, e =>
            {
                e.ConfigureConsumeTopology = false;
                e.Bind(PlatformTopology.UnroutedRunsExchange, b => b.ExchangeType = ExchangeType.Fanout);
                e.ConfigureConsumer<UnroutedRunConsumer>(context);
            });
        });
        return builder;
    }
}
