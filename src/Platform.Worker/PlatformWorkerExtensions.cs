using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.ServiceDefaults;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker;

public static class PlatformWorkerExtensions
{
    /// <summary>
    /// Makes this service a platform worker: its queues (<see cref="WorkerOptions.Queue"/>: a classic priority queue, or
    /// one quorum queue per priority band) are bound to the runs of every job type registered here, and each run is
    /// executed by its handler with retries, circuit breakers, timeouts, heartbeats, graceful shutdown and idempotency by
    /// run id (see docs/workers.md). Each process also receives every <c>CancelJobRun</c> on a temporary queue of its own
    /// and stops the run if it holds it. Map <see cref="PlatformWorkerEndpoints.MapPlatformWorker"/> for the operator endpoints.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformWorker(this IHostApplicationBuilder builder, Action<PlatformWorkerBuilder> configure)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();

        var registry = new JobHandlerRegistry();
        configure(new PlatformWorkerBuilder(services, registry));
        if (registry.JobTypes.Count == 0)
            throw new InvalidOperationException("AddPlatformWorker: register at least one handler with AddHandler<THandler>(jobType)");
        var queues = WorkerQueues.From(options);
        var instance = options.InstanceName ?? $"{Environment.MachineName}/{Environment.ProcessId}";
        var cancellationQueue = WorkerQueues.CancellationQueue(options.Queue, instance, Guid.NewGuid());

        services.AddSingleton(registry);
        services.AddSingleton(queues);
        services.AddSingleton(new WorkerIdentity($"{options.Queue}@{instance}"));
        services.AddSingleton(sp => new RunSlots(
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value.ConcurrentRuns,
            new Dictionary<string, int>(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.JobTypeConcurrency, StringComparer.Ordinal)));
        services.AddSingleton<JobTypeBreakers>();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<WorkerLifetime>();
        services.AddSingleton<RunCancellations>();
        services.AddSingleton<RunHandBack>();
        services.AddSingleton<RunReporter>();
        services.AddSingleton<AttemptClaimer>();
        services.AddSingleton<AttemptRunner>();

        // Before the bus (hosted services start in order): nothing is consumed until the schema is there.
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            services.AddSingleton<IRunLedger, MemoryRunLedger>();
        }
        else
        {
            services.AddSingleton(sp => new WorkerDataSource(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.ConnectionString!));
            services.AddSingleton<IRunLedger>(sp => new PostgresRunLedger(sp.GetRequiredService<WorkerDataSource>().DataSource));
            services.AddHostedService<WorkerDatabaseInitializer>();
        }

        services.AddHostedService<RunLedgerCleanupService>();

        // A stopping worker drains for DrainTimeout, then cancels and hands back: the bus and the host must wait that long.
        var stop = options.DrainTimeout + options.HandBackTimeout;
        // Started means consuming: the queues and their bindings exist, so a run fired right after start is routed to them
        // instead of being dead-lettered as unroutable (a new worker binds 10 keys per job type).
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.StopTimeout = stop;
            o.WaitUntilStarted = true;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout > stop + options.HandBackTimeout
            ? o.ShutdownTimeout
            : stop + options.HandBackTimeout);

        builder.AddPlatformBus(x =>
        {
            x.AddConsumer<ExecuteJobRunConsumer>().ExcludeFromConfigureEndpoints();
            x.AddConsumer<ReplayJobRunConsumer>().ExcludeFromConfigureEndpoints();
            x.AddConsumer<CancelJobRunConsumer>().ExcludeFromConfigureEndpoints();
        }, (context, cfg) =>
        {
            foreach (var queue in queues.Queues)
            {
                cfg.ReceiveEndpoint(queue.Name, e =>
                {
                    e.ConfigureConsumeTopology = false;
                    if (queues.Mode == WorkerQueueMode.QuorumBands)
                        e.SetQuorumQueue();
                    else
                        e.EnablePriority(PlatformTopology.MaxPriority);
                    e.PrefetchCount = queue.PrefetchCount;
                    e.ConcurrentMessageLimit = queue.PrefetchCount;
                    foreach (var jobType in registry.JobTypes)
                        e.BindRuns(jobType, queue.Priorities);
                    e.ConfigureError(x =>
                    {
                        x.UseFilter(new HandBackErrorFilter());
                        x.UseFilter(new GenerateFaultFilter());
                        x.UseFilter(new ErrorTransportFilter());
                    });
                    if (options.KillSwitch.Enabled)
                    {
                        e.UseKillSwitch(k => k
                            .SetActivationThreshold(options.KillSwitch.ActivationThreshold)
                            .SetTripThreshold(options.KillSwitch.TripThreshold)
                            .SetTrackingPeriod(options.KillSwitch.TrackingPeriod)
                            .SetRestartTimeout(options.KillSwitch.RestartTimeout)
                            .SetExceptionFilter(f => f.Handle<RunHandedBackException>(h => h.Reason == HandBackReason.Infrastructure)));
                    }

                    e.ConfigureConsumer<ExecuteJobRunConsumer>(context);
                });
            }

            cfg.ReceiveEndpoint(queues.CommandQueue, e => e.ConfigureConsumer<ReplayJobRunConsumer>(context));

            // A broadcast: every process of every worker service gets each CancelJobRun on its own queue, which goes away
            // with the process. Bound before the host's start returns, like the run queues.
            cfg.ReceiveEndpoint(cancellationQueue, e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.ConfigureConsumeTopology = false;
                e.Bind<CancelJobRun>();
                e.ConfigureConsumer<CancelJobRunConsumer>(context);
            });
        });
        Announcements.WorkerAnnouncementExtensions.AddWorkerAnnouncements(services);
        return builder;
    }
}
