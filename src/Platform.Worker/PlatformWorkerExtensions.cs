using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Messaging;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker;

/// <summary>Registers the platform worker on a service's own MassTransit bus, the way MassTransit's own features are.</summary>
public static class PlatformWorkerExtensions
{
    /// <summary>
    /// Makes this service a platform worker, inside its own <c>AddMassTransit</c>: runs of every job type registered here
    /// are executed by their handlers with priorities, retries, circuit breakers, timeouts, heartbeats, graceful shutdown
    /// and idempotency by run id (see docs/workers.md). Settings come from <c>Platform:Worker</c>
    /// (<see cref="WorkerOptions"/>). Call <see cref="PlatformWorkerBusExtensions.ConfigurePlatformWorker"/> in the bus
    /// factory (<c>UsingRabbitMq</c>) as well: it declares the worker's queues. Never calls <c>AddMassTransit</c>.
    /// </summary>
    /// <param name="configurator">The host's bus registration (<c>services.AddMassTransit(x => x.AddPlatformWorker(...))</c>).</param>
    /// <param name="configure">Registers the handlers (at least one).</param>
    public static IBusRegistrationConfigurator AddPlatformWorker(this IBusRegistrationConfigurator configurator, Action<PlatformWorkerBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(configure);
        IServiceCollection services = configurator;
        if (services.Any(d => d.ServiceType == typeof(JobHandlerRegistry)))
            throw new InvalidOperationException("AddPlatformWorker was already called for this service: register every handler in one call");

        var registry = new JobHandlerRegistry();
        configure(new PlatformWorkerBuilder(services, registry));
        if (registry.JobTypes.Count == 0)
            throw new InvalidOperationException("AddPlatformWorker: register at least one handler with AddHandler<THandler>(jobType)");

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        services.AddOptions<MessageSchedulerOptions>().BindConfiguration(MessageSchedulerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessageSchedulerOptions>, MessageSchedulerOptionsValidator>());

        services.AddSingleton(registry);
        services.AddSingleton(sp => WorkerQueues.From(Options(sp)));
        services.AddSingleton(sp => new WorkerIdentity($"{Options(sp).Queue}@{Instance(Options(sp))}"));
        services.AddSingleton(sp => new RunSlots(Options(sp).ConcurrentRuns, new Dictionary<string, int>(Options(sp).JobTypeConcurrency, StringComparer.Ordinal)));
        services.AddSingleton<JobTypeBreakers>();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<WorkerLifetime>();
        services.AddSingleton<RunCancellations>();
        services.AddSingleton<RunHandBack>();
        services.AddSingleton<RunReporter>();
        services.AddSingleton<AttemptClaimer>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<WorkerBusConfiguration>();

        // The ledger in PostgreSQL with a connection string, else in this process's memory. The schema is created by
        // WorkerStartup before any hosted service starts (the bus's included, wherever the host registered it).
        services.AddSingleton(sp => new WorkerDataSource(Options(sp).ConnectionString
            ?? throw new InvalidOperationException("The worker ledger's data source needs Platform:Worker:ConnectionString")));
        services.AddSingleton<WorkerDatabaseInitializer>();
        services.AddSingleton<IRunLedger>(sp => string.IsNullOrWhiteSpace(Options(sp).ConnectionString)
            ? new MemoryRunLedger()
            : new PostgresRunLedger(sp.GetRequiredService<WorkerDataSource>().DataSource));
        services.AddHostedService<WorkerStartup>();
        services.AddHostedService<RunLedgerCleanupService>();
        services.AddHealthChecks().AddCheck<WorkerLedgerHealthCheck>("worker-ledger", tags: ["ready"], timeout: TimeSpan.FromSeconds(3));

        // A stopping worker drains for DrainTimeout, then cancels and hands back: the bus and the host must wait that long
        // (longer settings of the host are kept). Started means consuming: the queues and their bindings exist, so a run
        // fired right after start is routed to them instead of being dead-lettered as unroutable.
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>>((o, worker) =>
        {
            var stop = worker.Value.DrainTimeout + worker.Value.HandBackTimeout;
            o.StopTimeout = o.StopTimeout > stop ? o.StopTimeout : stop;
            o.WaitUntilStarted = true;
        });
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((o, worker) =>
        {
            var shutdown = worker.Value.DrainTimeout + 2 * worker.Value.HandBackTimeout;
            o.ShutdownTimeout = o.ShutdownTimeout > shutdown ? o.ShutdownTimeout : shutdown;
        });

        // Announced once the host has started (registered inside AddMassTransit, so after the bus: it starts after it and
        // stops before it).
        Announcements.WorkerAnnouncementExtensions.AddWorkerAnnouncements(services);

        // Their endpoints are declared by ConfigurePlatformWorker, not by the host's ConfigureEndpoints.
        configurator.AddConsumer<ExecuteJobRunConsumer>().ExcludeFromConfigureEndpoints();
        configurator.AddConsumer<CancelJobRunConsumer>().ExcludeFromConfigureEndpoints();
        return configurator;
    }

    static WorkerOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerOptions>>().Value;

    /// <summary>How this process names itself: <see cref="WorkerOptions.InstanceName"/>, or host name and process id.</summary>
    internal static string Instance(WorkerOptions options) => options.InstanceName ?? $"{Environment.MachineName}/{Environment.ProcessId}";
}
