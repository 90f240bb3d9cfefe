using Npgsql;

namespace Platform.Worker.Ledger;

/// <summary>The worker's own PostgreSQL data source (kept apart from any the host registers for itself).</summary>
internal sealed class WorkerDataSource(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
