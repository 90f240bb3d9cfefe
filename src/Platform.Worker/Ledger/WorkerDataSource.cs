using Npgsql;

namespace Platform.Worker.Ledger;

/// <summary>The worker's own PostgreSQL data source (kept apart from any the host registers for itself). The ledger's
/// statements are prepared automatically unless the connection string sets <c>Max Auto Prepare</c> itself.</summary>
internal sealed class WorkerDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(Prepared(connectionString));

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    static string Prepared(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
            builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }
}
