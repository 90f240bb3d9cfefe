using Npgsql;
using Platform.Contracts;

namespace Platform.Bench.Pipeline;

/// <summary>What one step of the rate ladder measured.</summary>
public sealed record StepResult(
    int Rate,
    int Seconds,
    int Expected,
    int Fired,
    int Succeeded,
    int RunTwice,
    double[] FiredLate,
    double[] StartedLate)
{
    public int Lost => Expected - Succeeded;

    /// <summary>The start lateness (<see cref="StartedLate"/> is in scheduled order) of the last third of the step is well
    /// above the first third's: the pipeline falls further behind the longer the rate lasts.</summary>
    public bool Growing
    {
        get
        {
            var third = StartedLate.Length / 3;
            if (third == 0)
                return false;
            var first = Stats.Percentile(StartedLate[..third], 0.99);
            var last = Stats.Percentile(StartedLate[^third..], 0.99);
            return last > (2 * first) + 100;
        }
    }

    public bool Sustainable(double p99LimitMs) => Lost == 0 && RunTwice == 0 && !Growing && Stats.Percentile(StartedLate, 0.99) <= p99LimitMs;
}

/// <summary>
/// One step of the rate ladder: <c>rate</c> Interval jobs, each every second with its first occurrence spread evenly over
/// a second, end after <c>seconds</c>: <c>rate</c> runs due per second for <c>seconds</c> seconds. Overlap Allow, so
/// every occurrence runs whatever the previous one does. Measured from the scheduler's run rows (fired and started
/// lateness against the scheduled time), the fire log, and the worker's handler executions.
/// </summary>
public static class RateStep
{
    public static async Task<StepResult> RunAsync(BenchBus bus, string connectionString, HandlerExecutions executions, int rate, int seconds)
    {
        var ids = Enumerable.Range(0, rate).Select(_ => Guid.NewGuid()).ToArray();
        var lead = TimeSpan.FromSeconds(5 + (rate / 250.0));
        var start = TimeProvider.System.GetUtcNow() + lead;
        var end = start + TimeSpan.FromSeconds(seconds) - TimeSpan.FromSeconds(0.5 / rate);
        var answeredBefore = bus.Accepted + bus.Rejected;
        await Task.WhenAll(ids.Select((id, i) => bus.Bus.Publish(new ScheduleJob
        {
            JobId = id,
            JobType = CountingNoopHandler.JobType,
            Trigger = new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.FromSeconds(1), StartAt = start + TimeSpan.FromSeconds((double)i / rate), EndAt = end },
            Overlap = OverlapPolicy.Allow,
            Tags = new Dictionary<string, string> { ["bench"] = $"rate-{rate}" },
        })));
        await bus.WaitForAnswersAsync(answeredBefore, rate, lead, $"the {rate} jobs of the {rate}/s step to be accepted");
        if (TimeProvider.System.GetUtcNow() > start)
            Console.Error.WriteLine($"warning: accepting the {rate}/s step's jobs took longer than its lead; its first runs are late because of it");

        var expected = rate * seconds;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = end + TimeSpan.FromSeconds(120);
        while (await CountAsync(connection, "select count(*) from scheduler.run_state where job_id = any($1) and current_state = 'Succeeded'", ids) < expected
               && TimeProvider.System.GetUtcNow() < deadline)
            await Task.Delay(500);

        var fired = await CountAsync(connection, "select count(*) from scheduler.fires where job_id = any($1)", ids);
        var rows = new List<(DateTimeOffset Scheduled, double FiredLate, double? StartedLate, bool Succeeded, Guid RunId)>();
        await using (var command = new NpgsqlCommand(
                         """
                         select scheduled_for, extract(epoch from fired_at - scheduled_for) * 1000, extract(epoch from started_at - scheduled_for) * 1000,
                                current_state = 'Succeeded', correlation_id
                         from scheduler.run_state where job_id = any($1)
                         """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetFieldValue<DateTimeOffset>(0), (double)reader.GetDecimal(1), reader.IsDBNull(2) ? null : (double)reader.GetDecimal(2),
                    reader.GetBoolean(3), reader.GetGuid(4)));
            }
        }

        var started = rows.Where(r => r.StartedLate is not null).OrderBy(r => r.Scheduled).Select(r => r.StartedLate!.Value).ToArray();
        return new StepResult(rate, seconds, expected, (int)fired, rows.Count(r => r.Succeeded), executions.RunsExecutedMoreThanOnce(rows.Select(r => r.RunId)),
            rows.Select(r => r.FiredLate).ToArray(), started);
    }

    static async Task<long> CountAsync(NpgsqlConnection connection, string sql, Guid[] ids)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
