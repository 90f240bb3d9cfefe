using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Starts the real scheduler and worker components in this process, configured for one fixture.</summary>
internal static class PlatformHosts
{
    public static Task<IHost> StartSchedulerAsync(IDictionary<string, string?> configuration) =>
        StartAsync(configuration, builder => builder.AddScheduler());

    public static Task<IHost> StartWorkerAsync(IDictionary<string, string?> configuration, Action<PlatformWorkerBuilder>? handlers = null) =>
        StartAsync(configuration, builder => builder.AddWorker(handlers ?? (w => w.AddBuiltInHandlers())));

    /// <summary>A worker as the standalone worker host composes one: the platform's bus with the worker added to it.</summary>
    public static void AddWorker(this IHostApplicationBuilder builder, Action<PlatformWorkerBuilder> handlers) =>
        builder.AddPlatformBus(x => x.AddPlatformWorker(handlers), (context, cfg) => cfg.ConfigurePlatformWorker(context));

    /// <summary>A host with the fixture's configuration and whatever <paramref name="add"/> registers (services of a test
    /// handler, for instance).</summary>
    public static Task<IHost> StartAsync(IDictionary<string, string?> configuration, Action<HostApplicationBuilder> add) =>
        TestHost.StartAsync(configuration, add);
}
