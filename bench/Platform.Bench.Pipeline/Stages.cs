using Npgsql;

namespace Platform.Bench.Pipeline;

/// <summary>Where a run's start lateness comes from, read from the run machine's rows: fired -> queued (the run machine
/// handled the fire) and queued -> started (the dispatch reached a worker and it began), in milliseconds.</summary>
public static class Stages
{
    public static async Task<List<(double Queued, double Started)>> ReadAsync(string connectionString, HashSet<Guid> jobIds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select extract(epoch from queued_at - fired_at) * 1000, extract(epoch from started_at - queued_at) * 1000
            from scheduler.run_state where job_id = any($1) and queued_at is not null and started_at is not null
            """, connection);
        command.Parameters.AddWithValue(jobIds.ToArray());
        var stages = new List<(double, double)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stages.Add(((double)reader.GetDecimal(0), (double)reader.GetDecimal(1)));

        return stages;
    }
}
