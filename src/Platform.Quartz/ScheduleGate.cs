using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.Quartz;

/// <summary>
/// Orders what happens to one schedule (by token, or recurring id and group): its commands arrive on one queue but are
/// consumed concurrently, so a cancel can be handled before the schedule it cancels. Each command runs under a
/// PostgreSQL advisory lock on the schedule's key, and a cancel that finds nothing leaves a tombstone that the late
/// schedule finds and honours instead of scheduling.
/// </summary>
public sealed class ScheduleGate(IOptions<QuartzBridgeOptions> options)
{
    public const string TombstoneTable = "platform_cancelled_schedules";

    string Table => $"\"{options.Value.Schema}\".{TombstoneTable}";

    /// <summary>Runs <paramref name="schedule"/> unless the key was cancelled before; returns false when it was.</summary>
    public Task<bool> ScheduleAsync(string key, Func<Task> schedule, CancellationToken cancellationToken) =>
        LockedAsync(key, async connection =>
        {
            await using var command = new NpgsqlCommand($"delete from {Table} where key = @key", connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
                return false;
            await schedule();
            return true;
        }, cancellationToken);

    /// <summary>Runs <paramref name="cancel"/>; when it found nothing to cancel, remembers the cancellation for a schedule
    /// still on its way.</summary>
    public Task<bool> CancelAsync(string key, Func<Task<bool>> cancel, CancellationToken cancellationToken) =>
        LockedAsync(key, async connection =>
        {
            if (await cancel())
                return true;
            await using var command = new NpgsqlCommand($"insert into {Table} (key, cancelled_at) values (@key, now()) on conflict do nothing",
                connection);
            command.Parameters.Add(new NpgsqlParameter<string>("key", key));
            await command.ExecuteNonQueryAsync(cancellationToken);
            return false;
        }, cancellationToken);

    async Task<bool> LockedAsync(string key, Func<NpgsqlConnection, Task<bool>> action, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtextextended(@key, 7))", connection))
        {
            take.Parameters.Add(new NpgsqlParameter<string>("key", key));
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await action(connection);
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock_all()", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
