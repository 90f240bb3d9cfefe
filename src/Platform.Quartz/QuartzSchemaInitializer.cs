using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.Quartz;

/// <summary>Creates the PostgreSQL schema that holds Quartz's tables before Quartz provisions them, and the bridge's
/// own table of early cancellations (tombstones older than a week are dropped on start).</summary>
public sealed class QuartzSchemaInitializer(IOptions<QuartzBridgeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var schema = options.Value.Schema;
        await using var command = new NpgsqlCommand($"""
            create schema if not exists "{schema}";
            create table if not exists "{schema}".{ScheduleGate.TombstoneTable} (key text primary key, cancelled_at timestamptz not null);
            delete from "{schema}".{ScheduleGate.TombstoneTable} where cancelled_at < now() - interval '7 days';
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
