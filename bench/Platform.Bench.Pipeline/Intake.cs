using System.Diagnostics;
using MassTransit;
using Npgsql;
using Platform.Contracts;
using Platform.Scheduling.Validation;

namespace Platform.Bench.Pipeline;

/// <summary>How fast the scheduler takes jobs in: one <see cref="ScheduleJob"/> per job, or bulk <see cref="ScheduleJobs"/>.</summary>
public static class Intake
{
    /// <summary>Publishes <paramref name="count"/> ScheduleJob one by one and waits until each is answered (JobAccepted or
    /// JobRejected); jobs per second.</summary>
    public static async Task<double> OneByOneAsync(BenchBus bus, int count)
    {
        var runAt = TimeProvider.System.GetUtcNow().AddDays(1);
        var before = bus.Accepted + bus.Rejected;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => bus.Bus.Publish(OnceJob("bench.intake", runAt))));
        await bus.WaitForAnswersAsync(before, count, TimeSpan.FromMinutes(5), "every job of the intake to be answered");
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>Publishes <paramref name="jobs"/> in ScheduleJobs of <see cref="ScheduleJobValidator.MaxJobsPerBatch"/> and
    /// measures when every job is stored (accepted into the job table) and when every job was answered on the bus.</summary>
    public static async Task<(double Stored, double Answered)> BulkAsync(BenchBus bus, string connectionString, IReadOnlyList<ScheduleJob> jobs,
        string jobType)
    {
        var before = bus.Accepted + bus.Rejected;
        var watch = Stopwatch.StartNew();
        await PublishInBulkAsync(bus.Bus, jobs);
        await WaitUntilStoredAsync(connectionString, jobType, jobs.Count, TimeSpan.FromMinutes(30));
        var stored = jobs.Count / watch.Elapsed.TotalSeconds;
        await bus.WaitForAnswersAsync(before, jobs.Count, TimeSpan.FromMinutes(30), "every job of the bulk intake to be answered");
        return (stored, jobs.Count / watch.Elapsed.TotalSeconds);
    }

    /// <summary>Publishes the jobs in messages of 1,000, a few messages in flight at a time.</summary>
    public static async Task PublishInBulkAsync(IBus bus, IReadOnlyList<ScheduleJob> jobs)
    {
        using var inFlight = new SemaphoreSlim(8);
        var publishes = new List<Task>();
        foreach (var chunk in jobs.Chunk(ScheduleJobValidator.MaxJobsPerBatch))
        {
            await inFlight.WaitAsync();
            publishes.Add(Task.Run(async () =>
            {
                try
                {
                    await bus.Publish(new ScheduleJobs { Jobs = chunk });
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(publishes);
    }

    /// <summary>Waits until <paramref name="count"/> jobs of <paramref name="jobType"/> are in the scheduler's job table.</summary>
    public static async Task WaitUntilStoredAsync(string connectionString, string jobType, int count, TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from scheduler.job_state where job_type = $1", connection);
        command.Parameters.AddWithValue(jobType);
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while ((long)(await command.ExecuteScalarAsync())! < count)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"Timed out after {timeout} waiting for {count} jobs of {jobType} to be stored");
            await Task.Delay(200);
        }
    }

    public static ScheduleJob OnceJob(string jobType, DateTimeOffset runAt) => new()
    {
        JobId = NewId.NextGuid(),
        JobType = jobType,
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = runAt },
    };
}
