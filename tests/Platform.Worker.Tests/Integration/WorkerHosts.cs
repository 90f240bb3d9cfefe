using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Scheduler;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>Starts the platform's components in this process for one fixture: the scheduler (which hosts the Quartz bridge
/// behind the message scheduler that retries and held-back runs go through) and worker web hosts.</summary>
internal static class WorkerHosts
{
    public static Task<IHost> StartSchedulerAsync(IDictionary<string, string?> configuration) =>
        TestHost.StartAsync(configuration, builder => builder.AddScheduler());

    /// <summary>A worker web host on a free loopback port with the test handler under <paramref name="jobTypes"/>.</summary>
    public static async Task<WebApplication> StartWorkerAsync(IDictionary<string, string?> configuration, TestJobState state, params string[] jobTypes)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        // Only the fixture's settings: not the appsettings.json of the worker host copied next to the tests, nor the environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(state);
        builder.AddPlatformBus(x => x.AddPlatformWorker(w =>
        {
            foreach (var jobType in jobTypes)
                w.AddHandler<TestJobHandler, TestPayload>(jobType);
        }), (context, cfg) => cfg.ConfigurePlatformWorker(context));
        var app = builder.Build();
        app.MapPlatformWorker();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.StartAsync(timeout.Token);
        return app;
    }

    public static Uri Address(this WebApplication app) => new(app.Urls.First());

}
