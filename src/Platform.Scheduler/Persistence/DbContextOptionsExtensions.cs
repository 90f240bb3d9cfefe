using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Scheduler.Persistence;

public static class DbContextOptionsExtensions
{
    /// <summary>PostgreSQL with the scheduler's schema and naming. Statements the scheduler runs again and again are
    /// prepared automatically (unless the connection string sets <c>Max Auto Prepare</c> itself): the server parses and
    /// plans each once per connection.</summary>
    public static TBuilder UsePlatformScheduler<TBuilder>(this TBuilder builder, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        var prepared = new NpgsqlConnectionStringBuilder(connectionString);
        if (prepared.MaxAutoPrepare == 0)
            prepared.MaxAutoPrepare = 128;
        builder.UseNpgsql(prepared.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations", SchedulerDbContext.Schema))
            .UseSnakeCaseNamingConvention();
        return builder;
    }
}
