using System.Diagnostics;
using System.Globalization;
using MassTransit;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Messaging;
using Platform.Bench.Pipeline;
using Platform.Scheduler;

// End to end through the real scheduler and a worker on the PostgreSQL ledger (in this process, on a fresh virtual host
// and database), everything measured in one run against a baseline of the same broker:
//   1. baseline: plain MassTransit publish -> consume of --jobs messages (messages/s);
//   2. intake: --jobs ScheduleJob published one by one, until each is answered (jobs/s, ratio to the baseline); then
//      --bulk jobs in ScheduleJobs of 1,000, until each is stored and until each is answered;
//   3. a warm-up of --warmup seconds at 100 runs/s (not reported), then the rate ladder: for each rate of --rates, that
//      many platform.noop runs due per second for --seconds; how late each was fired and started against its scheduled
//      time, whether any was lost or ran twice, whether lateness grew; the ladder stops at the first rate that is not
//      sustainable (start lateness p99 over --p99-limit ms, growing, a run lost or run twice) and prints the highest
//      sustainable rate.
// With --pending N, instead of 2 and 3: N pending jobs loaded through the bulk intake, then --rates' first rate for
// --seconds on top of them, the process's memory, the API's filtered listings and the database size per pending job.
// With --tracing, every span of MassTransit and the platform is recorded (sampled, as a host with an OTLP endpoint does)
// and counted instead of exported: the cost of tracing, and the spans per run.
// Usage: dotnet run -c Release --project bench/Platform.Bench.Pipeline -- [--jobs 2000] [--bulk 20000]
//        [--rates 100,250,500,750,1000,1500,2000] [--seconds 20] [--warmup 5] [--concurrency 64] [--p99-limit 1000]
//        [--pending 1000000] [--tracing]
var jobs = int.Parse(Arg("--jobs", "2000"), CultureInfo.InvariantCulture);
var bulk = int.Parse(Arg("--bulk", "20000"), CultureInfo.InvariantCulture);
var warmup = int.Parse(Arg("--warmup", "5"), CultureInfo.InvariantCulture);
var pending = int.Parse(Arg("--pending", "0"), CultureInfo.InvariantCulture);
var rates = Arg("--rates", "100,250,500,750,1000,1500,2000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();
var seconds = int.Parse(Arg("--seconds", "20"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(Arg("--concurrency", "64"), CultureInfo.InvariantCulture);
var p99Limit = double.Parse(Arg("--p99-limit", "1000"), CultureInfo.InvariantCulture);
var output = Console.Out;
using var counters = new Counters();
var spans = new SpanCounter();
using var tracing = args.Contains("--tracing")
    ? Sdk.CreateTracerProviderBuilder().SetSampler(new AlwaysOnSampler())
        .AddSource(PlatformTelemetry.MassTransit, PlatformTelemetry.Name, PlatformTelemetry.Libraries).AddProcessor(spans).Build()
    : null;

var environment = new BenchEnvironment();
await environment.CreateVirtualHostAndDatabaseAsync();
try
{
    var configuration = environment.Configuration(concurrency);
    var executions = new HandlerExecutions();
    using var scheduler = await BenchEnvironment.StartAsync(configuration, b => b.AddScheduler());
    using var worker = await BenchEnvironment.StartWorkerAsync(configuration, executions);
    await using var bus = await BenchBus.StartAsync(environment.Endpoints, environment.Vhost);

    output.WriteLine($"Pipeline bench, {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC; scheduler, worker " +
        $"(PostgreSQL ledger, {concurrency} concurrent runs) and the bench's bus in one process{(tracing is null ? "" : "; every span recorded (--tracing)")}");
    output.WriteLine();

    var cpu = CpuMeter.Now();
    var baseline = await BaselineAsync(bus.Bus, jobs);
    var baselineCpu = CpuMeter.Now() - cpu;
    output.WriteLine("| measure | value |");
    output.WriteLine("|---|---|");
    output.WriteLine($"| baseline: MassTransit publish -> consume, same broker | {baseline:F0} messages/s; CPU per message {baselineCpu.Per(jobs)} |");
    if (pending > 0)
    {
        await RateStep.RunAsync(bus, environment.DatabaseConnectionString, executions, 100, warmup);
        await PendingMode.RunAsync(environment, bus, executions, pending, rates[0], seconds, output);
    }
    else
    {

        cpu = CpuMeter.Now();
        var intake = await Intake.OneByOneAsync(bus, jobs);
        var intakeCpu = CpuMeter.Now() - cpu;
        output.WriteLine($"| intake: {jobs} ScheduleJob published one by one -> answered | {intake:F0} jobs/s ({intake / baseline:F2}x the baseline); CPU per job {intakeCpu.Per(jobs)} |");
        var runAt = TimeProvider.System.GetUtcNow().AddDays(1);
        cpu = CpuMeter.Now();
        var (stored, answered) = await Intake.BulkAsync(bus, environment.DatabaseConnectionString,
            Enumerable.Range(0, bulk).Select(_ => Intake.OnceJob("bench.bulk", runAt)).ToList(), "bench.bulk");
        var bulkCpu = CpuMeter.Now() - cpu;
        output.WriteLine($"| bulk intake: {bulk} jobs in ScheduleJobs of 1,000 -> stored | {stored:F0} jobs/s ({stored / baseline:F2}x the baseline); CPU per job {bulkCpu.Per(bulk)} |");
        output.WriteLine($"| bulk intake -> every JobAccepted received | {answered:F0} jobs/s ({answered / baseline:F2}x the baseline) |");
        output.WriteLine();

        if (warmup > 0)
            await RateStep.RunAsync(bus, environment.DatabaseConnectionString, executions, 100, warmup);

        output.WriteLine($"Rate ladder ({seconds} s per rate; sustainable: start lateness p99 <= {p99Limit} ms, not growing, nothing lost or run twice):");
        output.WriteLine();
        output.WriteLine("| due/s | runs | fired | succeeded | lost | run twice | fired late ms p50 / p99 / max | started late ms p50 / p99 / max | started late p50 by tenth | CPU per run (bench + PostgreSQL + RabbitMQ) | verdict |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var before = counters.Snapshot();
        var spansBefore = spans.Ended;
        var runs = 0;
        StepResult? best = null;
        foreach (var rate in rates)
        {
            cpu = CpuMeter.Now();
            var step = await RateStep.RunAsync(bus, environment.DatabaseConnectionString, executions, rate, seconds);
            var stepCpu = CpuMeter.Now() - cpu;
            runs += step.Succeeded;
            var sustainable = step.Sustainable(p99Limit);
            output.WriteLine($"| {rate} | {step.Expected} | {step.Fired} | {step.Succeeded} | {step.Lost} | {step.RunTwice} | {Stats.Summary(step.FiredLate)} | " +
                $"{Stats.Summary(step.StartedLate)} | {Stats.Tenths(step.StartedLate)} | {stepCpu.Per(step.Succeeded)} | {(sustainable ? "sustainable" : step.Growing ? "growing" : "not sustainable")} |");
            if (!sustainable)
                break;
            best = step;
        }

        output.WriteLine();
        output.WriteLine(best is null
            ? "Highest sustainable rate: none of the rates tried"
            : $"Highest sustainable rate: {best.Rate} runs/s ({best.Rate / baseline:F3}x the baseline's messages/s)");
        output.WriteLine();
        output.WriteLine("Per run, in this process (scheduler, worker and bench bus), over the ladder:");
        output.WriteLine();
        output.WriteLine("| counter | per run |");
        output.WriteLine("|---|---|");
        foreach (var (name, perRun) in counters.Since(before, Math.Max(runs, 1)))
            output.WriteLine($"| {name} | {perRun:F2} |");
        if (tracing is not null)
            output.WriteLine($"| spans recorded | {(spans.Ended - spansBefore) / (double)Math.Max(runs, 1):F2} |");
        output.WriteLine();
        foreach (var (name, (sum, count)) in counters.Durations.OrderBy(d => d.Key, StringComparer.Ordinal))
            output.WriteLine($"| {name} | {sum / count:F1} ms mean of {count} |");
    }

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
