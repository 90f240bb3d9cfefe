using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Scheduler;
using Platform.Testing;

namespace Platform.Client.Tests;

/// <summary>A service with its own MassTransit bus on a fixture's virtual host and the client added to it; and the real
/// scheduler in this process, as the scheduler tests start it.</summary>
internal static class ClientHost
{
    public static Task<IHost> StartServiceAsync(ServerEndpoints servers, string virtualHost, IDictionary<string, string?>? settings = null) =>
        TestHost.StartAsync(settings ?? new Dictionary<string, string?>(), builder => builder.Services.AddMassTransit(x =>
        {
            x.AddPlatformClient();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(servers.RabbitHost, (ushort)servers.RabbitPort, virtualHost, h =>
                {
                    h.Username(servers.RabbitUser);
                    h.Password(servers.RabbitPassword);
                });
                cfg.ConfigureEndpoints(context);
            });
        }));

    public static Task<IHost> StartSchedulerAsync(IDictionary<string, string?> configuration) =>
        TestHost.StartAsync(configuration, builder => builder.AddScheduler());

    /// <summary>Runs <paramref name="use"/> with an <see cref="IJobScheduler"/> of a new scope, as a request or a consumer would.</summary>
    public static async Task<T> WithJobs<T>(this IHost host, Func<IJobScheduler, Task<T>> use)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IJobScheduler>());
    }

    static async Task<IHost> StartAsync(HostApplicationBuilder builder)
    {
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return host;
    }
}
