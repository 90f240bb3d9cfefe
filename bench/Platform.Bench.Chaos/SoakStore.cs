using Npgsql;

namespace Platform.Bench.Chaos;

/// <summary>Reads what the scheduler and the workers recorded for the soak's jobs.</summary>
public sealed class SoakStore(string connectionString)
{
    static readonly string[] InProgress = ["WaitingForDependencies", "Queued", "Running", "RetryScheduled"];

    public async Task<(long Fires, long InProgress)> ProgressAsync(Guid[] jobs)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from scheduler.fires where job_id = any($1)),
                   (select count(*) from scheduler.run_state where job_id = any($1) and current_state = any($2))
            """, connection);
        command.Parameters.AddWithValue(jobs);
        command.Parameters.AddWithValue(InProgress);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public Task<List<FireRow>> FiresAsync(Guid[] jobs) => ReadAsync(
        "select job_id, scheduled_for, fired_at, kind, instance from scheduler.fires where job_id = any($1)", jobs,
        r => new FireRow(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetString(4)));

    public Task<List<RunRow>> RunsAsync(Guid[] jobs) => ReadAsync(
        """
        select correlation_id, job_id, scheduled_for, current_state, attempt, replay, worker, error, fired_at, queued_at
        from scheduler.run_state where job_id = any($1)
        """, jobs,
        r => new RunRow(r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5),
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9)));

    public Task<List<LedgerRow>> LedgerAsync(Guid[] jobs) => ReadAsync(
        """
        select run_id, replay, attempt, job_id, outcome, worker, scheduled_for, started_at, completed_at
        from worker.completed_runs where job_id = any($1)
        """, jobs,
        r => new LedgerRow(r.GetGuid(0), r.GetInt32(1), r.GetInt32(2), r.GetGuid(3), r.GetString(4), r.GetString(5),
            r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateTimeOffset>(8)));

    async Task<List<T>> ReadAsync<T>(string sql, Guid[] jobs, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(jobs);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(read(reader));
        return rows;
    }
}
