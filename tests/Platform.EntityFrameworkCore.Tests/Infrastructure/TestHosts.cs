using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.ServiceDefaults;

namespace Platform.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Starts a service host the way the platform's hosts are built (AddPlatformBus on the fixture's virtual host)
/// with the test DbContext on the fixture's database.</summary>
internal static class TestHosts
{
    public static async Task<IHost> StartAsync(IDictionary<string, string?> configuration, string connectionString,
        Action<IBusRegistrationConfigurator> configure, Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDbContext<TestDbContext>(db => TestDbContext.Configure(db, connectionString));
        builder.AddPlatformBus(configure, configureBus);
        // A test publishes right after the start: the endpoints must be bound by then.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
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

    /// <summary>Creates the fixture database's tables from the model.</summary>
    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        await db.Database.EnsureCreatedAsync();
    }

    public static TestDbContext CreateDbContext(string connectionString) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
