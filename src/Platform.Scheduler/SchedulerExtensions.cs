using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Quartz;
using Platform.Scheduler.Consumers;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Retention;
using Platform.Scheduler.Runs;
using Platform.ServiceDefaults;
using Platform.Triggers;
using RabbitMQ.Client;

namespace Platform.Scheduler;

public static class SchedulerExtensions
{
    /// <summary>
    /// The scheduler service: job commands and their validation, the job and run state machines on PostgreSQL with a
    /// transactional outbox and inbox, the trigger engine that fires occurrences, and the Quartz bridge that serves the
    /// message scheduler (SLA timers, retries). Migrates its database on start; deletes run history and audit records past
    /// their retention.
    /// </summary>
    public static IHostApplicationBuilder AddScheduler(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SchedulerOptions>()
            .BindConfiguration(SchedulerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var messageScheduler = builder.Configuration.GetSection(MessageSchedulerOptions.Section).Get<MessageSchedulerOptions>() ?? new MessageSchedulerOptions();

        builder.Services.AddDbContext<SchedulerDbContext>((services, db) =>
            db.UsePlatformScheduler(services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ConnectionString));
        // Before the bus and the engine: nothing is consumed or fired until the schema is there.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddOptions<HistoryRetentionOptions>()
            .BindConfiguration(HistoryRetentionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<HistoryRetentionService>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddSingleton<ITriggerTimesFactory, ScheduleTimesFactory>();
        builder.Services.AddTriggerEngine<SchedulerDbContext, OccurrenceFireHandler>();
        builder.AddPlatformQuartz();

        builder.AddPlatformBus(x =>
        {
            x.AddPlatformEntityFrameworkOutbox<SchedulerDbContext>(o => o.UseBusOutbox());
            x.AddQuartzBridgeConsumers(messageScheduler.SchedulerQueue);
            x.AddSagaStateMachine<Jobs.JobStateMachine, JobState, JobStateMachineDefinition>()
                .PlatformEntityFrameworkRepository(r => r.ExistingDbContext<SchedulerDbContext>());
            x.AddSagaStateMachine<RunStateMachine, RunState, RunStateMachineDefinition>()
                .PlatformEntityFrameworkRepository(r => r.ExistingDbContext<SchedulerDbContext>());
            x.AddConsumer<ScheduleJobConsumer, ScheduleJobConsumerDefinition>().Endpoint(e => e.Name = options.Queue);
            x.AddConsumer<ExternalEventConsumer, ExternalEventConsumerDefinition>().Endpoint(e => e.Name = "platform-external-events");
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
