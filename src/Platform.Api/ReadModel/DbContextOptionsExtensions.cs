using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Platform.Api.ReadModel;

public static class DbContextOptionsExtensions
{
    /// <summary>
    /// The scheduler's database for reading: snake_case columns as the scheduler maps them, nothing tracked, and every
    /// transaction read-only (PostgreSQL's <c>default_transaction_read_only</c>), so the API cannot change the scheduler's
    /// state behind its back whatever the database role would allow.
    /// </summary>
    public static TBuilder UseSchedulerReadModel<TBuilder>(this TBuilder builder,
        string connectionString, TimeSpan queryTimeout)
        where TBuilder : DbContextOptionsBuilder
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        connection.Options = string.Join(' ',
            new[] { connection.Options, "-c default_transaction_read_only=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        builder.UseNpgsql(connection.ConnectionString, npgsql => npgsql.CommandTimeout((int)Math.Ceiling(queryTimeout.TotalSeconds)))
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .ReplaceService<IModelCacheKeyFactory, OwnerScopedModelCacheKey>();
        return builder;
    }
}
