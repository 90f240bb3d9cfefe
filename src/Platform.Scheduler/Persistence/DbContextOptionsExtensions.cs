using Microsoft.EntityFrameworkCore;

namespace Platform.Scheduler.Persistence;

public static class DbContextOptionsExtensions
{
    public static TBuilder UsePlatformScheduler<TBuilder>(this TBuilder builder, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations", SchedulerDbContext.Schema))
            .UseSnakeCaseNamingConvention();
        return builder;
    }
}
