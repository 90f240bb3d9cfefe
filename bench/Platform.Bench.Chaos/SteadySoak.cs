using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Bench.Chaos;

/// <summary>
/// Steady mixed load with nothing killed: interval, cron (with a time zone) and once jobs, jobs that fail once and succeed
/// on a retry, jobs that are dead-lettered, and jobs cancelled while their runs go on; sampled every 30 s: each process's
/// resident memory, the database's size (the working tables apart from the history the retention keeps for at least an
/// hour), the messages in the virtual host's queues and in its error queues. Flat = the last third of the samples no
/// higher than the middle third by more than the slack below (the first third is the warm-up); nothing in an error queue.
/// </summary>
public sealed class SteadySoak(ChaosEnvironment environment, Cluster cluster, EventProbe probe, Action<string> say)
{
    /// <summary>History the scheduler keeps for <c>HistoryRetention</c> (one hour at least): it grows with the runs.</summary>
    static readonly string[] History = ["scheduler.run_state", "scheduler.audit", "scheduler.job_state", "scheduler.__ef_migrations"];

    static readonly string[] InProgress = ["WaitingForDependencies", "Queued", "Running", "RetryScheduled"];

    static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);
    const double MemorySlack = 1.20;
    const double WorkingTablesSlack = 1.50;
    const long QueuedLimit = 200;

    readonly List<Sample> _samples = [];
    readonly List<Guid> _jobs = [];
    long _cancelled;
    long _onceJobs;

    /// <summary>Settings for every process: short duplicate-detection, fire-log and ledger retention, so the working
    /// tables reach their steady size within the warm-up.</summary>
    public static void Configure(IDictionary<string, string?> configuration)
    {
        configuration["Platform:Outbox:DuplicateDetectionWindow"] = "00:05:00";
        configuration["Platform:Outbox:InboxCleanupInterval"] = "00:01:00";
        configuration["Platform:Triggers:FireLogRetention"] = "00:05:00";
        configuration["Platform:Triggers:FireLogCleanupInterval"] = "00:01:00";
        configuration["Platform:Worker:Retention"] = "00:05:00";
        configuration["Platform:Worker:CleanupInterval"] = "00:01:00";
    }

    public async Task<int> RunAsync(TimeSpan duration, TextWriter output)
    {
        var started = TimeProvider.System.GetUtcNow();
        await ScheduleSteadyJobsAsync(started);
        var end = started + duration;
        var nextOnce = started;
        var nextCancel = started + TimeSpan.FromSeconds(30);
        var nextSample = started;
        Guid? toCancel = null;
        while (TimeProvider.System.GetUtcNow() < end)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (now >= nextOnce)
            {
                await ScheduleOnceJobsAsync(now);
                nextOnce = now + TimeSpan.FromSeconds(10);
            }

            if (now >= nextCancel)
            {
                // The job scheduled 30 s ago has runs going on (each sleeps 3 s, one a second): cancelling it stops them.
                if (toCancel is { } id)
                {
                    await probe.Bus.Publish(new CancelJob { JobId = id, Reason = "soak: cancelled while it runs" });
                    _cancelled++;
                }

                toCancel = await ScheduleAsync("platform.sleep", new { ms = 3000 }, Every(TimeSpan.FromSeconds(1)), retry: null);
                nextCancel = now + TimeSpan.FromSeconds(30);
            }

            if (now >= nextSample)
            {
                var sample = await SampleAsync(now - started);
                _samples.Add(sample);
                say($"{sample.Elapsed.TotalMinutes:F1} min: memory {string.Join(", ", sample.Memory.Select(m => $"{m.Key} {m.Value / 1048576.0:F0} MB"))}; " +
                    $"database {sample.DatabaseBytes / 1048576.0:F1} MB (working tables {sample.WorkingBytes / 1048576.0:F2} MB); runs recorded {sample.Runs}; " +
                    $"queued {sample.Queued}; in error queues {sample.InErrorQueues}");
                nextSample = now + SampleEvery;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return Report(duration, output, await StuckRunsAsync());
    }

    /// <summary>Runs still in progress a minute after they were due: none, when nothing got stuck.</summary>
    async Task<long> StuckRunsAsync()
    {
        await using var connection = new NpgsqlConnection(environment.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from scheduler.run_state where current_state = any($1) and scheduled_for < now() - interval '1 minute'", connection);
        command.Parameters.AddWithValue(InProgress);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async Task ScheduleSteadyJobsAsync(DateTimeOffset now)
    {
        for (var i = 0; i < 20; i++)
            await ScheduleAsync("platform.sleep", new { ms = 100 }, Every(TimeSpan.FromSeconds(2)), retry: null);
        for (var i = 0; i < 10; i++)
            await ScheduleAsync("platform.sleep", new { ms = 50 }, new JobTrigger { Kind = TriggerKind.Cron, Cron = "*/10 * * * * *", TimeZone = "Europe/Berlin" }, retry: null);
        // Fail once, succeed on the retry 1 s later.
        for (var i = 0; i < 5; i++)
            await ScheduleAsync("platform.fail", new { failTimes = 1 }, Every(TimeSpan.FromSeconds(5)), Retry(3));
        // Fail every attempt: dead-lettered after the second (the input earns these; they go to no error queue).
        for (var i = 0; i < 2; i++)
            await ScheduleAsync("platform.fail", new { failTimes = 99 }, Every(TimeSpan.FromSeconds(10)), Retry(2));
        say($"{_jobs.Count} steady jobs scheduled at {now:HH:mm:ss}: 20 every 2 s, 10 cron every 10 s (Europe/Berlin), 5 failing once every 5 s, " +
            "2 dead-lettered every 10 s; and every 10 s 5 once jobs, every 30 s a job cancelled while it runs");
    }

    async Task ScheduleOnceJobsAsync(DateTimeOffset now)
    {
        for (var i = 0; i < 5; i++)
        {
            await ScheduleAsync("platform.sleep", new { ms = 50 }, new JobTrigger { Kind = TriggerKind.Once, RunAt = now.AddSeconds(5) }, retry: null);
            _onceJobs++;
        }
    }

    async Task<Guid> ScheduleAsync(string jobType, object payload, JobTrigger trigger, RetryPolicy? retry)
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = jobType,
            Owner = "soak",
            Payload = JsonSerializer.SerializeToElement(payload),
            Trigger = trigger,
            Retry = retry,
            Overlap = OverlapPolicy.Allow,
        };
        _jobs.Add(job.JobId);
        await probe.Bus.Publish(job);
        return job.JobId;
    }

    static JobTrigger Every(TimeSpan every) => new() { Kind = TriggerKind.Interval, Every = every };

    static RetryPolicy Retry(int attempts) =>
        new() { MaxAttempts = attempts, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Jitter = false };

    async Task<Sample> SampleAsync(TimeSpan elapsed)
    {
        var memory = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, pid) in cluster.Processes)
        {
            using var process = Process.GetProcessById(pid);
            memory[name] = process.WorkingSet64;
        }

        await using var connection = new NpgsqlConnection(environment.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            select pg_database_size(current_database()),
                   coalesce(sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))) filter (where not (schemaname || '.' || tablename = any($1))), 0)::bigint,
                   (select count(*) from scheduler.run_state)
            from pg_tables where schemaname in ('scheduler', 'worker', 'quartz')
            """, connection);
        command.Parameters.AddWithValue(History);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (database, working, runs) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));

        var queues = await environment.QueuesAsync();
        var queued = queues.Sum(q => q.Messages);
        var inErrors = queues.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) || q.Name.EndsWith("_skipped", StringComparison.Ordinal))
            .Sum(q => q.Messages);
        return new Sample(elapsed, memory, database, working, runs, queued, inErrors);
    }

    int Report(TimeSpan duration, TextWriter output, long stuck)
    {
        var third = Math.Max(1, _samples.Count / 3);
        var middle = _samples.Skip(third).Take(third).ToList();
        var last = _samples.Skip(_samples.Count - third).ToList();
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
        }

        var failures = new List<string>();
        output.WriteLine($"Steady soak: {duration.TotalMinutes:F0} min of mixed load, 2 schedulers + 2 workers, nothing killed; {_samples.Count} samples " +
            $"{SampleEvery.TotalSeconds:F0} s apart; {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}; " +
            $"{_jobs.Count} jobs ({_onceJobs} once jobs, {_cancelled} cancelled while running)");
        output.WriteLine();
        output.WriteLine("| measure | first sample | middle third (median) | last third (median) | last / middle | verdict |");
        output.WriteLine("|---|---|---|---|---|---|");
        void Row(string measure, Func<Sample, double> value, string unit, double slack)
        {
            var m = Median(middle.Select(value));
            var l = Median(last.Select(value));
            var ratio = m == 0 ? 1 : l / m;
            var flat = ratio <= slack;
            if (!flat)
                failures.Add($"{measure} grew {ratio:F2}x (allowed {slack:F2}x)");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {measure} | {value(_samples[0]):F1} {unit} | {m:F1} {unit} | {l:F1} {unit} | {ratio:F2} | {(flat ? "flat" : "GROWING")} (<= {slack:F2}) |"));
        }

        foreach (var name in _samples[0].Memory.Keys)
            Row($"resident memory, {name}", s => s.Memory.GetValueOrDefault(name) / 1048576.0, "MB", MemorySlack);
        Row("working tables (outbox, inbox, triggers, fire log, ledger, message scheduler)", s => s.WorkingBytes / 1048576.0, "MB", WorkingTablesSlack);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| database (history kept >= 1 h grows with the runs) | {_samples[0].DatabaseBytes / 1048576.0:F1} MB | | {_samples[^1].DatabaseBytes / 1048576.0:F1} MB at the end, {_samples[^1].Runs} runs recorded | | by design |"));
        var maxQueued = last.Max(s => s.Queued);
        var queuedFlat = maxQueued <= QueuedLimit;
        if (!queuedFlat)
            failures.Add($"up to {maxQueued} messages queued in the last third (allowed {QueuedLimit})");
        output.WriteLine($"| messages in the virtual host's queues, max | {_samples[0].Queued} | {middle.Max(s => s.Queued)} | {maxQueued} | | {(queuedFlat ? "no backlog" : "BACKLOG")} (<= {QueuedLimit}) |");
        var errors = _samples.Max(s => s.InErrorQueues);
        if (errors > 0)
            failures.Add($"{errors} message(s) in error queues");
        output.WriteLine($"| messages in error queues, max | {_samples[0].InErrorQueues} | {middle.Max(s => s.InErrorQueues)} | {last.Max(s => s.InErrorQueues)} | | {(errors == 0 ? "none" : "ERRORS")} |");
        if (stuck > 0)
            failures.Add($"{stuck} run(s) still in progress a minute after they were due");
        output.WriteLine($"| runs in progress a minute after they were due, at the end | | | {stuck} | | {(stuck == 0 ? "none" : "STUCK")} |");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| runs recorded per minute | | {Median(Rates(middle)):F0} | {Median(Rates(last)):F0} | | steady load |"));
        output.WriteLine();
        foreach (var failure in failures)
            output.WriteLine($"NOT FLAT: {failure}");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs recorded per minute between consecutive samples.</summary>
    IEnumerable<double> Rates(List<Sample> window) => window.Select(s => _samples.IndexOf(s)).Where(i => i > 0)
        .Select(i => (_samples[i].Runs - _samples[i - 1].Runs) / (_samples[i].Elapsed - _samples[i - 1].Elapsed).TotalMinutes);

    sealed record Sample(TimeSpan Elapsed, SortedDictionary<string, long> Memory, long DatabaseBytes, long WorkingBytes, long Runs, long Queued,
        long InErrorQueues);
}
