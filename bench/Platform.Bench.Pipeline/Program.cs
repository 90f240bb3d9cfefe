using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Platform.Bench.Pipeline;
using Platform.Contracts;
using Platform.Scheduler;
using Platform.Testing;

// End to end through the real scheduler and a worker (in this process, on a fresh virtual host and database):
//   1. baseline: plain MassTransit publish -> consume of `jobs` messages on the same broker (messages/s);
//   2. intake: `jobs` ScheduleJob published at once, until every JobAccepted (jobs/s, and its ratio to the baseline);
//   3. runs: those jobs are Once jobs due evenly at `rate`/s; how late each run was fired (JobRunQueued.firedAt) and
//      started on the worker (JobRunStarted.startedAt), against its scheduled time (ms p50 / p99 / max).
// Usage: dotnet run -c Release --project bench/Platform.Bench.Pipeline -- [--jobs 1000] [--rate 100] [--concurrency 32]
var jobs = int.Parse(Arg("--jobs", "1000"), CultureInfo.InvariantCulture);
var rate = int.Parse(Arg("--rate", "100"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "32"), CultureInfo.InvariantCulture);
var output = Console.Out;
using var counters = new Counters();

var environment = new BenchEnvironment();
await environment.CreateVirtualHostAndDatabaseAsync();
try
{
    var configuration = environment.Configuration(concurrency);
    using var scheduler = await BenchEnvironment.StartAsync(configuration, b => b.AddScheduler());
    using var worker = await BenchEnvironment.StartWorkerAsync(configuration);
    await using var probe = await EventProbe.StartAsync(environment.Endpoints, environment.Vhost);

    var baseline = await BaselineAsync(probe.Bus, jobs);
    var beforeIntake = counters.Snapshot();

    // Intake: everything due after the intake has certainly finished, so that part is measured on its own.
    var lead = TimeSpan.FromSeconds(10 + jobs / 20.0);
    var start = TimeProvider.System.GetUtcNow() + lead;
    var watch = Stopwatch.StartNew();
    var ids = new HashSet<Guid>();
    for (var i = 0; i < jobs; i++)
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.noop",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = start + TimeSpan.FromSeconds((double)i / rate) },
        };
        ids.Add(job.JobId);
        await probe.Bus.Publish(job);
    }

    await probe.WaitFor<JobAccepted>(_ => probe.Received<JobAccepted>().Count(a => ids.Contains(a.JobId)) >= jobs, lead, "every job to be accepted");
    var intake = jobs / watch.Elapsed.TotalSeconds;
    var afterIntake = counters.Snapshot();
    var intakeCounts = counters.Since(beforeIntake, jobs).ToList();
    if (TimeProvider.System.GetUtcNow() > start)
        Console.Error.WriteLine("warning: the intake took longer than the lead; the first runs were late because of it");

    await probe.WaitFor<JobRunStarted>(_ => probe.Received<JobRunStarted>().Count(s => ids.Contains(s.JobId)) >= jobs,
        TimeSpan.FromSeconds(jobs / (double)rate + 120), "every run to start");
    // Counted until every job completed (its run's success reached the job), so the whole run phase is in the figures.
    await probe.WaitFor<JobCompleted>(_ => probe.Received<JobCompleted>().Count(c => ids.Contains(c.JobId)) >= jobs, TimeSpan.FromSeconds(120),
        "every job to complete");
    var runCounts = counters.Since(afterIntake, jobs).ToList();
    var queued = probe.Received<JobRunQueued>().Where(q => ids.Contains(q.JobId)).ToList();
    var started = probe.Received<JobRunStarted>().Where(s => ids.Contains(s.JobId)).ToList();

    output.WriteLine($"Pipeline, {jobs} Once jobs due at {rate}/s, worker concurrency {concurrency}, {Environment.ProcessorCount} cores, " +
        $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
    output.WriteLine();
    output.WriteLine("| measure | value |");
    output.WriteLine("|---|---|");
    output.WriteLine($"| baseline: MassTransit publish -> consume, same broker | {baseline:F0} messages/s |");
    output.WriteLine($"| intake: ScheduleJob -> JobAccepted | {intake:F0} jobs/s ({intake / baseline:P1} of the baseline) |");
    output.WriteLine($"| fired late (JobRunQueued.firedAt - scheduledFor), ms p50 / p99 / max | {Stats.Summary(queued.Select(q => (q.FiredAt!.Value - q.ScheduledFor).TotalMilliseconds))} |");
    output.WriteLine($"| started late (JobRunStarted.startedAt - scheduledFor), ms p50 / p99 / max | {Stats.Summary(started.Select(s => (s.StartedAt!.Value - s.ScheduledFor).TotalMilliseconds))} |");
    output.WriteLine($"| started late, ms p50 of each tenth of the runs in scheduled order | {Stats.Tenths(started.OrderBy(s => s.ScheduledFor).Select(s => (s.StartedAt!.Value - s.ScheduledFor).TotalMilliseconds))} |");
    var stages = await Stages.ReadAsync(environment.DatabaseConnectionString, ids);
    output.WriteLine($"| stage: fired -> run queued by the run machine (run_state.queued_at - fired_at), ms p50 / p99 / max | {Stats.Summary(stages.Select(s => s.Queued))} |");
    output.WriteLine($"| stage: queued -> started on the worker (started_at - queued_at), ms p50 / p99 / max | {Stats.Summary(stages.Select(s => s.Started))} |");
    output.WriteLine();
    output.WriteLine("Per job (this process: scheduler, worker and probe), intake / runs:");
    output.WriteLine();
    output.WriteLine("| counter | intake | runs |");
    output.WriteLine("|---|---|---|");
    foreach (var name in intakeCounts.Select(c => c.Name).Union(runCounts.Select(c => c.Name)).Order(StringComparer.Ordinal))
        output.WriteLine($"| {name} | {intakeCounts.FirstOrDefault(c => c.Name == name).PerJob:F2} | {runCounts.FirstOrDefault(c => c.Name == name).PerJob:F2} |");
    output.WriteLine();
    foreach (var (name, (sum, count)) in counters.Durations.OrderBy(d => d.Key, StringComparer.Ordinal))
        output.WriteLine($"| {name} | {sum / count:F1} ms mean of {count} |");
    await scheduler.StopAsync();
    await worker.StopAsync();
}
finally
{
    await environment.DeleteVirtualHostAndDatabaseAsync();
}

static async Task<double> BaselineAsync(IBus bus, int count)
{
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var received = 0;
    var handle = bus.ConnectReceiveEndpoint($"bench-baseline-{Guid.NewGuid():N}", e =>
    {
        if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
            rabbit.AutoDelete = true;
        e.Handler<BaselinePing>(_ =>
        {
            if (Interlocked.Increment(ref received) == count)
                done.TrySetResult();
            return Task.CompletedTask;
        });
    });
    await handle.Ready;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, count).Select(i => bus.Publish(new BaselinePing(i))));
    await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
    var rate = count / watch.Elapsed.TotalSeconds;
    await handle.StopAsync();
    return rate;
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
