using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.Scheduler;

namespace Platform.Testing.Api;

/// <summary>The real scheduler component in this process, configured for one fixture (it migrates the database).</summary>
public static class SchedulerHost
{
    public static async Task<IHost> StartAsync(IDictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddTestLogging();
        builder.AddScheduler();
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return host;
    }

    public static async Task StopQuietlyAsync(this IHost? host)
    {
        if (host is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
}
