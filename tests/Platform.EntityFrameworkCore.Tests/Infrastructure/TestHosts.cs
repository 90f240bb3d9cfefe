using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.ServiceDefaults;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Starts a service host the way the platform's hosts are built (AddPlatformBus on the fixture's virtual host)
/// with the test DbContext on the fixture's database.</summary>
internal static class TestHosts
{
    public static Task<IHost> StartAsync(IDictionary<string, string?> configuration, string connectionString,
        Action<IBusRegistrationConfigurator> configure, Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null) =>
        TestHost.StartAsync(configuration, builder =>
        {
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddDbContext<TestDbContext>(db => TestDbContext.Configure(db, connectionString));
            builder.AddPlatformBus(configure, configureBus);
        });

    /// <summary>Creates the fixture database's tables from the model.</summary>
    public static async Task CreateSchemaAsync(string connectionString)
    {
        await using var db = CreateDbContext(connectionString);
        await db.Database.EnsureCreatedAsync();
    }

    public static TestDbContext CreateDbContext(string connectionString) =>
        new(new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
