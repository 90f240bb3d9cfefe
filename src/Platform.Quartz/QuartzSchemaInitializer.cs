using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.Quartz;

/// <summary>Creates the PostgreSQL schema that holds Quartz's tables before Quartz provisions them.</summary>
public sealed class QuartzSchemaInitializer(IOptions<QuartzBridgeOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"create schema if not exists \"{options.Value.Schema}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
