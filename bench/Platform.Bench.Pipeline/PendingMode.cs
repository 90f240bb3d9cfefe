using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MassTransit;
using Npgsql;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Bench.Pipeline;

/// <summary>
/// <c>--pending N</c>: N pending jobs (80% Once jobs spread over the next 7 days, 10% Cron jobs in several zones, 10%
/// Interval jobs of 1-24 hours, 20 owners and 10 teams as tags) loaded through the bulk intake; then a rate step fires
/// on top of them; then the scheduler's memory, the API's filtered listings (the real API as a process) and the
/// database's size per pending job.
/// </summary>
public static class PendingMode
{
    const string JobType = "bench.pending";
    static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"];

    public static async Task RunAsync(BenchEnvironment environment, BenchBus bus, HandlerExecutions executions, int pending, int rate, int seconds,
        TextWriter output)
    {
        var jobs = Generate(pending, TimeProvider.System.GetUtcNow());
        output.WriteLine($"Loading {pending} pending jobs through the bulk intake (ScheduleJobs of 1,000)...");
        var watch = Stopwatch.StartNew();
        await Intake.PublishInBulkAsync(bus.Bus, jobs);
        await Intake.WaitUntilStoredAsync(environment.DatabaseConnectionString, JobType, pending, TimeSpan.FromMinutes(60));
        var load = watch.Elapsed;
        jobs = [];
        // The firing step starts once the intake's events (a JobAccepted per job) are all on the broker.
        await WaitUntilOutboxEmptyAsync(environment.DatabaseConnectionString, TimeSpan.FromMinutes(60));
        var delivered = watch.Elapsed;

        var step = await RateStep.RunAsync(bus, environment.DatabaseConnectionString, executions, rate, seconds);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var workingSet = Environment.WorkingSet;
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var listings = await TimeListingsAsync(environment);
        var (database, tables) = await SizesAsync(environment.DatabaseConnectionString);

        output.WriteLine();
        output.WriteLine($"| measure ({pending} pending jobs) | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| loaded through the bulk intake | {load.TotalSeconds:F0} s ({pending / load.TotalSeconds:F0} jobs/s); every JobAccepted on the broker after {delivered.TotalSeconds:F0} s |"));
        output.WriteLine($"| then {rate} runs due/s for {seconds} s: fired late ms p50 / p99 / max | {Stats.Summary(step.FiredLate)} |");
        output.WriteLine($"| started late ms p50 / p99 / max | {Stats.Summary(step.StartedLate)} ({step.Lost} lost, {step.RunTwice} run twice) |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| this process (scheduler, worker, bench bus): working set after a full collection / managed heap / peak working set | {workingSet / 1e6:F0} MB / {heap / 1e6:F0} MB / {peak / 1e6:F0} MB |"));
        foreach (var (query, summary) in listings)
            output.WriteLine($"| API `GET {query}`, ms p50 / p99 / max of 50 | {summary} |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| database size | {database / 1e6:F0} MB ({(double)database / pending:F0} bytes per pending job) |"));
        output.WriteLine($"| largest tables | {string.Join(", ", tables)} |");
    }

    static List<ScheduleJob> Generate(int count, DateTimeOffset now)
    {
        var random = new Random(20261203);
        var jobs = new List<ScheduleJob>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = i % 10;
            var trigger = kind switch
            {
                // Daily from next month on, so none fires during the bench.
                0 => new JobTrigger
                {
                    Kind = TriggerKind.Cron,
                    Cron = string.Create(CultureInfo.InvariantCulture, $"{random.Next(60)} {random.Next(24)} * * *"),
                    TimeZone = Zones[i % Zones.Length],
                    StartAt = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1),
                },
                1 => new JobTrigger
                {
                    Kind = TriggerKind.Interval,
                    Every = TimeSpan.FromHours(1 + random.Next(24)),
                    StartAt = now.AddMinutes(10 + random.Next(24 * 60)),
                },
                _ => new JobTrigger { Kind = TriggerKind.Once, RunAt = now.AddMinutes(10).AddSeconds(random.Next(7 * 24 * 3600)) },
            };
            jobs.Add(new ScheduleJob
            {
                JobId = NewId.NextGuid(),
                JobType = JobType,
                Trigger = trigger,
                Owner = $"owner-{i % 20}",
                Tags = new Dictionary<string, string> { ["team"] = $"team-{i % 10}" },
            });
        }

        return jobs;
    }

    /// <summary>The API as operators run it (its own process, read-only on the scheduler's database), 50 requests per listing.</summary>
    static async Task<List<(string Query, string Summary)>> TimeListingsAsync(BenchEnvironment environment)
    {
        var configuration = environment.Configuration(1);
        configuration["Platform:Api:ConnectionString"] = environment.DatabaseConnectionString;
        var path = typeof(PendingMode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ApiHostPath").Value!;
        await using var api = HostProcess.Start(path, "api", configuration, TextWriter.Null);
        await api.WaitUntilStartedAsync(TimeSpan.FromMinutes(2));
        using var http = new HttpClient { BaseAddress = api.Address };
        string[] queries =
        [
            "/api/jobs?limit=50",
            $"/api/jobs?limit=50&jobType={JobType}&owner=owner-7",
            "/api/jobs?limit=50&tag=team:team-3",
            "/api/jobs?limit=50&state=Active&sort=nextRunAt",
            "/api/jobs?limit=50&q=owner-11",
            "/api/runs?limit=50",
        ];
        var results = new List<(string, string)>();
        foreach (var query in queries)
        {
            var times = new List<double>();
            for (var i = 0; i < 51; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri(query, UriKind.Relative));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                if (i > 0)
                    times.Add(watch.Elapsed.TotalMilliseconds);
            }

            results.Add((query, Stats.Summary(times)));
        }

        return results;
    }

    static async Task WaitUntilOutboxEmptyAsync(string connectionString, TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select exists(select 1 from scheduler.outbox_message)", connection);
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while ((bool)(await command.ExecuteScalarAsync())!)
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                throw new TimeoutException($"Timed out after {timeout} waiting for the scheduler's outbox to empty");
            await Task.Delay(500);
        }
    }

    static async Task<(long Database, List<string> Tables)> SizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("analyze", connection))
            await vacuum.ExecuteNonQueryAsync();
        await using var size = new NpgsqlCommand("select pg_database_size(current_database())", connection);
        var database = (long)(await size.ExecuteScalarAsync())!;
        await using var tables = new NpgsqlCommand(
            """
            select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('scheduler', 'worker') and c.relkind = 'r' order by 2 desc limit 6
            """, connection);
        var list = new List<string>();
        await using var reader = await tables.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1) / 1e6:F0} MB"));
        return (database, list);
    }
}
