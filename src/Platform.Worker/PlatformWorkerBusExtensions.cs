using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Execution;

namespace Platform.Worker;

/// <summary>Declares the worker's endpoints on the host's RabbitMQ bus.</summary>
public static class PlatformWorkerBusExtensions
{
    /// <summary>
    /// The worker's part of the bus, for a service that called <see cref="PlatformWorkerExtensions.AddPlatformWorker"/>:
    /// the run routing (<see cref="PlatformTopology.ConfigureRunRouting"/>), its run queues (a classic priority queue, or
    /// one quorum queue per priority band) bound to the runs of its job types, each with the platform's message scheduler
    /// for retries and held-back runs (<see cref="MessageSchedulerOptions"/>; a message scheduler the host configured for
    /// the whole bus takes precedence), the hand-back error filter and the kill switch; and this process's temporary queue
    /// of <see cref="CancelJobRun"/> broadcasts. Call it once, in <c>UsingRabbitMq</c>, before or after the host's
    /// <c>ConfigureEndpoints</c>. The bus-wide settings of the host (filters, retry, serializer) apply to these endpoints too.
    /// </summary>
    /// <param name="cfg">The host's bus factory.</param>
    /// <param name="context">The bus registration context given to <c>UsingRabbitMq</c>.</param>
    public static void ConfigurePlatformWorker(this IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(context);
        var configured = context.GetService<WorkerBusConfiguration>()
            ?? throw new InvalidOperationException("ConfigurePlatformWorker needs AddPlatformWorker(...) in the same AddMassTransit registration");
        configured.MarkConfigured();

        var options = context.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var registry = context.GetRequiredService<JobHandlerRegistry>();
        var queues = context.GetRequiredService<WorkerQueues>();
        var scheduler = context.GetRequiredService<IOptions<MessageSchedulerOptions>>().Value.Address;
        var cancellationQueue = WorkerQueues.CancellationQueue(options.Queue, PlatformWorkerExtensions.Instance(options), Guid.NewGuid());

        cfg.ConfigureRunRouting();
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
                e.UseMessageScheduler(scheduler);
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
    }
}
