using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.EntityFrameworkCore;
using Platform.Messaging;
using Platform.Quartz;
using Platform.Scheduler.Consumers;
using Platform.EntityFrameworkCore.Batching;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Retention;
using Platform.Scheduler.Runs;
using Platform.ServiceDefaults;
using Platform.Triggers;
using RabbitMQ.Client;

namespace Platform.Scheduler;

public static class SchedulerExtensions
{
    /// <summary>The queue of the job state machine's events.</summary>
    public const string JobStateMachineEndpoint = "platform-jobs";

    /// <summary>The queue of the run state machine's events (the workers' reports among them).</summary>
    public const string RunStateMachineEndpoint = "platform-runs";

    /// <summary>The queue of <see cref="Platform.Contracts.ExternalEvent"/>s.</summary>
    public const string ExternalEventsEndpoint = "platform-external-events";

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
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var messageScheduler = builder.Configuration.GetSection(MessageSchedulerOptions.Section).Get<MessageSchedulerOptions>() ?? new MessageSchedulerOptions();

        // Pooled: the scheduler creates a context per message batch, fire and delivery round, and building one is not free.
        builder.Services.AddDbContextPool<SchedulerDbContext>((services, db) =>
            db.UsePlatformScheduler(services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ConnectionString));
        // Before the bus and the engine: nothing is consumed or fired until the schema is there.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddOptions<HistoryRetentionOptions>()
            .BindConfiguration(HistoryRetentionOptions.Section)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HistoryRetentionOptions>, HistoryRetentionOptionsValidator>());
        builder.Services.AddHostedService<HistoryRetentionService>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddHealthChecks().AddSchedulerDatabase();
        builder.Services.AddScoped<JobIntake>();
        builder.Services.AddTriggerEngine<SchedulerDbContext, OccurrenceFireHandler>();
        builder.AddPlatformQuartz();

        builder.AddPlatformBus(x =>
        {
            x.AddPlatformEntityFrameworkOutbox<SchedulerDbContext>(o => o.UseBusOutbox());
            x.AddQuartzBridgeConsumers(messageScheduler.SchedulerQueue, QueueType);
            // Job commands, fired occurrences and the workers' reports are consumed many per transaction; the scheduler's
            // internal messages go from one state machine to the next inside that transaction instead of through the broker.
            x.AddPlatformTransactionBatches<SchedulerDbContext>(b =>
            {
                b.StateMachine<Jobs.JobStateMachine, JobState>(JobStateMachineEndpoint, new SagaTelemetry<JobState>(j => j.CurrentState, j => new TagList
                {
                    { PlatformAttributes.JobId, j.CorrelationId.ToString() },
                    { PlatformAttributes.JobType, j.JobType },
                    { PlatformAttributes.JobVersion, j.Version },
                }));
                b.StateMachine<RunStateMachine, RunState>(RunStateMachineEndpoint, new SagaTelemetry<RunState>(r => r.CurrentState, r => new TagList
                {
                    { PlatformAttributes.JobId, r.JobId.ToString() },
                    { PlatformAttributes.RunId, r.CorrelationId.ToString() },
                    { PlatformAttributes.JobType, r.JobType },
                    { PlatformAttributes.RunAttempt, r.Attempt },
                }));
                b.Consumer<ScheduleJobConsumer>(options.Queue);
                b.Consumer<ScheduleJobsConsumer>(options.Queue);
                b.Consumer<ExternalEventConsumer>(ExternalEventsEndpoint);
                b.InProcess<DefineJob>();
                b.InProcess<JobOccurrenceDue>();
                b.InProcess<RunRequested>();
                b.InProcess<RunEnded>();
                b.InProcess<RunReplayed>();
                b.InProcess<CancelRun>();
                b.InProcess<CheckRunDependencies>();
                b.InProcess<DependentDefined>();
                // The job a run's report ends the run of (RunEnded), the job a ScheduleJob defines (DefineJob) and the
                // job a replay restarts a run of (RunReplayed) load with the transaction's other instances.
                b.Preload<JobRunSucceeded, JobState>(m => m.JobId);
                b.Preload<JobRunFailed, JobState>(m => m.JobId);
                b.Preload<JobRunDeadLettered, JobState>(m => m.JobId);
                b.Preload<JobRunCancelled, JobState>(m => m.JobId);
                b.Preload<ScheduleJob, JobState>(m => m.JobId);
                b.Preload<ScheduleJobs, JobState>(m => (m.Jobs ?? []).Where(j => j is not null).Select(j => j.JobId));
                b.Preload<ReplayJobRun, JobState>(m => m.JobId);
                // The consumers and activities that query save first (see docs/entity-framework-core.md).
                b.SaveOncePerTransaction();
            });
            x.AddConsumer<UnroutedRunConsumer, UnroutedRunConsumerDefinition>().ExcludeFromConfigureEndpoints();
        }, (context, cfg) =>
        {
            cfg.ConfigurePlatformTransactionBatches<SchedulerDbContext>(context, e =>
            {
                QueueType(e);
                e.UseSchedulerRetry();
            });
            cfg.ReceiveEndpoint(options.UnroutedRunsQueue, e =>
            {
                QueueType(e);
                e.ConfigureConsumeTopology = false;
                e.Bind(PlatformTopology.UnroutedRunsExchange, b => b.ExchangeType = ExchangeType.Fanout);
                e.ConfigureConsumer<UnroutedRunConsumer>(context);
            });
        });
        return builder;

        // Platform:RabbitMq:QuorumQueues: every queue the scheduler declares for itself (the error and skipped queues
        // follow their queue); the processes' temporary queues stay classic.
        void QueueType(IReceiveEndpointConfigurator endpoint)
        {
            if (messageScheduler.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                rabbit.SetQuorumQueue();
        }
    }

    /// <summary>Ready (tag <c>ready</c>, <c>/health/ready</c>) while the scheduler's PostgreSQL answers within 3 s: without
    /// it nothing fires and no state machine moves (they resume on their own when it returns).</summary>
    public static IHealthChecksBuilder AddSchedulerDatabase(this IHealthChecksBuilder checks) =>
        checks.AddNpgSql(sp => sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.ConnectionString,
            name: "scheduler-database", tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
}
