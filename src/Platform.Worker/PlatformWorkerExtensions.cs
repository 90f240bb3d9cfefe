using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;

namespace Platform.Worker;

public static class PlatformWorkerExtensions
{
    /// <summary>
    /// Makes this service a platform worker: its queue (<see cref="WorkerOptions.Queue"/>, a classic queue with run
    /// priorities 0-9) is bound to the runs of every job type registered here, and each run is executed by its handler.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformWorker(this IHostApplicationBuilder builder, Action<PlatformWorkerBuilder> configure)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(WorkerOptions.Section).Get<WorkerOptions>() ?? new WorkerOptions();

        var registry = new JobHandlerRegistry();
        configure(new PlatformWorkerBuilder(builder.Services, registry));
        if (registry.JobTypes.Count == 0)
            throw new InvalidOperationException("AddPlatformWorker: register at least one handler with AddHandler<THandler>(jobType)");
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(new WorkerIdentity($"{options.Queue}@{Environment.MachineName}/{Environment.ProcessId}"));

        builder.AddPlatformBus(x => x.AddConsumer<ExecuteJobRunConsumer>().ExcludeFromConfigureEndpoints(), (context, cfg) =>
        {
            cfg.ReceiveEndpoint(options.Queue, e =>
            {
                e.ConfigureConsumeTopology = false;
                e.EnablePriority(PlatformTopology.MaxPriority);
                e.PrefetchCount = options.PrefetchCount ?? options.ConcurrentRuns;
                e.ConcurrentMessageLimit = options.ConcurrentRuns;
                foreach (var jobType in registry.JobTypes)
                    e.BindRuns(jobType);
                e.ConfigureConsumer<ExecuteJobRunConsumer>(context);
            });
        });
        return builder;
    }
}
