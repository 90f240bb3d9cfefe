using Microsoft.Extensions.Hosting;
using Platform.Scheduler;

namespace Platform.Testing.Api;

/// <summary>The real scheduler component in this process, configured for one fixture (it migrates the database).</summary>
public static class SchedulerHost
{
    public static Task<IHost> StartAsync(IDictionary<string, string?> configuration) =>
        TestHost.StartAsync(configuration, builder => builder.AddScheduler());
}
