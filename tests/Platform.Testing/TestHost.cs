using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.Testing;

/// <summary>The platform's components started in the test process, one host per component, configured for one fixture.</summary>
public static class TestHost
{
    /// <summary>A host with only the fixture's <paramref name="configuration"/> (no appsettings, no environment), test
    /// logging, and what <paramref name="add"/> registers (<c>AddScheduler</c>, a bus with consumers...), started within
    /// 90 s with its bus's endpoints bound, so a test may publish right away.</summary>
    public static async Task<IHost> StartAsync(IDictionary<string, string?> configuration, Action<HostApplicationBuilder> add)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddTestLogging();
        add(builder);
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await host.StartAsync(timeout.Token);
        return host;
    }

    /// <summary>Stops a host if there is one (within 60 s, so a worker may drain) and disposes it.</summary>
    public static async Task StopQuietlyAsync(this IHost? host)
    {
        if (host is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StopAsync(timeout.Token);
        if (host is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else
            host.Dispose();
    }
}
