using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Worker;

namespace Platform.Bench.Pipeline;

/// <summary>A fresh virtual host and database on the local servers (the test fixture's, used outside NUnit), with the
/// scheduler and a worker started in this process.</summary>
public sealed class BenchEnvironment : PlatformFixture
{
    public ServerEndpoints Endpoints => Servers;

    public string Vhost => VirtualHost;

    public string DatabaseConnectionString => ConnectionString;

    public Dictionary<string, string?> Configuration(int concurrentRuns)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:ConcurrentRuns"] = concurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return configuration;
    }

    public static async Task<IHost> StartAsync(Dictionary<string, string?> configuration, Action<HostApplicationBuilder> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Error);
        add(builder);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static Task<IHost> StartWorkerAsync(Dictionary<string, string?> configuration) =>
        StartAsync(configuration, b => b.AddPlatformBus(x => x.AddPlatformWorker(w => w.AddBuiltInHandlers()),
            (context, cfg) => cfg.ConfigurePlatformWorker(context)));
}
