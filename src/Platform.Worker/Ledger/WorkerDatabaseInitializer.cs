using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.Worker.Ledger;

/// <summary>Creates the worker's schema when missing, before the bus starts consuming.</summary>
internal sealed class WorkerDatabaseInitializer(WorkerDataSource database, ILogger<WorkerDatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialise = new NpgsqlCommand($"select pg_advisory_xact_lock({WorkerSchema.CreateLockKey})", connection, transaction))
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(WorkerSchema.Create, connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Worker schema ready in database {Database}", connection.Database);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
