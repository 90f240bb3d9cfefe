using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using Platform.Testing;
using Platform.Worker;

namespace Platform.Bench.Pipeline;

/// <summary>A fresh virtual host and database on the local servers (the test fixture's, used outside NUnit), with the
/// scheduler and a worker started in this process as a deployment runs them: the worker on the PostgreSQL ledger.</summary>
public sealed class BenchEnvironment : PlatformFixture
{
    public ServerEndpoints Endpoints => Servers;

    public string Vhost => VirtualHost;

    public string DatabaseConnectionString => ConnectionString;

    public Dictionary<string, string?> Configuration(int concurrentRuns)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:ConcurrentRuns"] = concurrentRuns.ToString(CultureInfo.InvariantCulture);
        configuration["Platform:Worker:ConnectionString"] = ConnectionString;
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

    /// <summary>A worker whose only job type is <c>platform.noop</c>, counting how often each run's handler executed.</summary>
    public static Task<IHost> StartWorkerAsync(Dictionary<string, string?> configuration, HandlerExecutions executions) =>
        StartAsync(configuration, b =>
        {
            b.Services.AddSingleton(executions);
            b.AddPlatformBus(x => x.AddPlatformWorker(w => w.AddHandler<CountingNoopHandler>(CountingNoopHandler.JobType)),
                (context, cfg) => cfg.ConfigurePlatformWorker(context));
        });
}
