using Npgsql;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>What the fault drills check for one job, from the scheduler's and the worker's tables: fires (and distinct
/// occurrences fired), run rows (and those that succeeded), successful completions in the worker ledger, and runs the
/// ledger completed more than once.</summary>
public sealed record OccurrenceCounts(long Fires, long DistinctFires, long Runs, long Succeeded, long Completions, long CompletedTwice)
{
    public static async Task<OccurrenceCounts> ReadAsync(string connectionString, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select (select count(*) from scheduler.fires where job_id = $1),
                   (select count(distinct scheduled_for) from scheduler.fires where job_id = $1),
                   (select count(*) from scheduler.run_state where job_id = $1),
                   (select count(*) from scheduler.run_state where job_id = $1 and current_state = 'Succeeded'),
                   (select count(*) from worker.completed_runs where job_id = $1 and outcome = 'Succeeded'),
                   (select count(*) from (select run_id from worker.completed_runs where job_id = $1 and outcome = 'Succeeded'
                                          group by run_id having count(*) > 1) twice)
            """, connection);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new OccurrenceCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
