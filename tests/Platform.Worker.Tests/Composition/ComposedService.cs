using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Testing;
using Platform.Worker.Tests.Integration;

namespace Platform.Worker.Tests.Composition;

/// <summary>
/// A service that already has its own MassTransit bus, configured the way such a service does it (its own broker
/// settings, its own consumer, ConfigureEndpoints), with the platform worker added to that bus: nothing of the
/// platform's host defaults, no AddPlatformBus, no message scheduler of its own.
/// </summary>
internal static class ComposedService
{
    public const string Queue = "reports-worker";
    public const string JobType = "reports.build";
    public const string FlakyJobType = "reports.flaky";

    public static HostApplicationBuilder Builder(ServerEndpoints servers, string virtualHost, IDictionary<string, string?> workerSettings,
        TestJobState state, ReceivedOrders orders, bool configureWorkerEndpoints = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(workerSettings);
        builder.Logging.AddTestLogging();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(orders);
        builder.Services.AddMassTransit(x =>
        {
            x.AddConsumer<OrderPlacedConsumer>();
            x.AddPlatformWorker(w => w.AddHandler<TestJobHandler, TestPayload>(JobType).AddHandler<TestJobHandler, TestPayload>(FlakyJobType));
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
                {
                    h.Username(servers.RabbitUser);
                    h.Password(servers.RabbitPassword);
                });
                if (configureWorkerEndpoints)
                    cfg.ConfigurePlatformWorker(context);
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    public static async Task<IHost> StartAsync(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return host;
    }
}
