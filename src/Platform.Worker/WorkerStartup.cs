using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Worker.Ledger;

namespace Platform.Worker;

/// <summary>
/// The worker's part of the host's start. Before any hosted service starts (the host's bus included, which
/// <c>AddMassTransit</c> registered before the worker), the ledger's schema is created when the worker has a database,
/// so no run is consumed without it. Once every hosted service has started, a worker whose endpoints were never declared
/// (<see cref="PlatformWorkerBusExtensions.ConfigurePlatformWorker"/> not called) fails the start instead of silently
/// taking no runs.
/// </summary>
internal sealed class WorkerStartup(IServiceProvider services, IOptions<WorkerOptions> options, WorkerBusConfiguration bus) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ConnectionString))
            await services.GetRequiredService<WorkerDatabaseInitializer>().StartAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => bus.IsConfigured
        ? Task.CompletedTask
        : throw new InvalidOperationException(
            "AddPlatformWorker registered the worker, but its queues were never declared: call cfg.ConfigurePlatformWorker(context) in UsingRabbitMq");

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
