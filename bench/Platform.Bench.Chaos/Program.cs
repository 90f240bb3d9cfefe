using System.Globalization;
using System.Text.Json;
using Platform.Bench.Chaos;
using Platform.Contracts;
using Platform.Testing;

// Fault soak, outside CI (CI has the short versions: When_a_scheduler_instance_is_killed, When_a_worker_process_is_killed_mid_run).
// Two scheduler and two worker processes (the real hosts) on a fresh virtual host and database, with short leases.
// `jobs` interval jobs run every 2 s for `minutes` (one in five is platform.fail {failTimes: 1} with retries, the others
// platform.sleep 200 ms); every `kill-every` seconds one of the four processes, chosen at random, is killed with SIGKILL
// and replaced by a new process with the same instance id. Then, once no run is left in progress, PostgreSQL and the
// collected events must show every occurrence fired, run and succeeded exactly once. Exit code 0 when nothing was lost
// or run twice, 1 otherwise (the offending ids are printed, and the database and virtual host are kept for a look, as
// with --keep).
// With --fault, no process is killed: instead every `kill-every` seconds (after the previous fault ended) a server fails,
// through deploy/local/servers.sh (the local servers, as root):
//   db-crash        PostgreSQL stopped as by a crash (pg_ctl -m immediate) and started again after --down-seconds (0: a
//                   restart, the default; 30: an outage);
//   broker-node     one node of the 3-node RabbitMQ cluster (servers.sh cluster-up, started when it is not up), chosen
//                   at random, killed with SIGKILL and started again after --down-seconds (10 by default);
//   broker-rolling  a rolling restart: each node in turn stopped and started again;
//   broker-down     all three nodes killed with SIGKILL and started again together after --down-seconds (30 by default).
// The broker faults run the processes on the cluster (Platform:RabbitMq:Nodes) with quorum queues (the scheduler's with
// Platform:RabbitMq:QuorumQueues, the workers' bands), as docs/deploy.md asks for a cluster. The same verdict, plus, for
// each fault, the longest gap between two successful runs around it, and when runs started on time again.
// In every mode each job promises to start within 5 s (SLA MaxStartDelay): every run whose first attempt started later
// must be reported by a JobSlaViolated StartLate (an unreported late run fails the verdict, as does a run reported twice).
// With --steady, nothing is killed: `minutes` of steady mixed load (interval, cron, once, failures, retries, dead
// letters, cancels) while memory, database size and queue depths are sampled; exit code 0 when they stay flat and no
// error queue receives anything (see SteadySoak).
// Usage: dotnet run -c Release --project bench/Platform.Bench.Chaos -- [--minutes 3] [--jobs 50] [--kill-every 20] [--seed n] [--keep]
//        [--fault db-crash|broker-node|broker-rolling|broker-down [--down-seconds 30]]
//        dotnet run -c Release --project bench/Platform.Bench.Chaos -- --steady --minutes 30
var minutes = double.Parse(Arg("--minutes", "3"), CultureInfo.InvariantCulture);
var jobCount = int.Parse(Arg("--jobs", "50"), CultureInfo.InvariantCulture);
var killEvery = TimeSpan.FromSeconds(double.Parse(Arg("--kill-every", "20"), CultureInfo.InvariantCulture));
var seed = int.Parse(Arg("--seed", Random.Shared.Next(1_000_000).ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var fault = Arg("--fault", "");
if (fault is not ("" or "db-crash" or "broker-node" or "broker-rolling" or "broker-down"))
    throw new ArgumentException($"--fault {fault}: the faults are db-crash, broker-node, broker-rolling and broker-down");
var broker = fault.StartsWith("broker-", StringComparison.Ordinal);
var down = TimeSpan.FromSeconds(double.Parse(Arg("--down-seconds", fault switch { "broker-node" => "10", "broker-down" => "30", _ => "0" }),
    CultureInfo.InvariantCulture));
var serverFaults = new List<ServerFault>();
// The start every run promises (its SLA); a run whose first attempt started later must be reported late.
var maxStartDelay = TimeSpan.FromSeconds(5);
var every = TimeSpan.FromSeconds(2);
var output = Console.Out;
var random = new Random(seed);

// The hosts' output goes to a log file, for the evidence.
var logPath = Path.Combine(Path.GetTempPath(), $"platform-chaos-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}.log");
await using var log = TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true });
var progress = Console.Error;
void Say(string line)
{
    var stamped = $"{TimeProvider.System.GetUtcNow():HH:mm:ss.fff} {line}";
    progress.WriteLine(stamped);
    log.WriteLine($"[chaos] {stamped}");
}

if (broker)
{
    // The fixture's servers become the cluster: node 1's AMQP and management ports for the virtual host, every node for
    // the processes and the probe (see TestServers).
    await LocalServers.EnsureClusterAsync(Say);
    Environment.SetEnvironmentVariable("PLATFORM_RABBIT_PORT", LocalServers.ClusterNodes[0].Split(':')[1]);
    Environment.SetEnvironmentVariable("PLATFORM_RABBIT_MGMT_PORT", LocalServers.ClusterManagementPort.ToString(CultureInfo.InvariantCulture));
    Environment.SetEnvironmentVariable("PLATFORM_RABBIT_NODES", string.Join(',', LocalServers.ClusterNodes));
}

var steady = args.Contains("--steady");
var environment = new ChaosEnvironment { Configure = steady ? SteadySoak.Configure : null };
await environment.CreateVirtualHostAndDatabaseAsync();
var keep = false;
try
{
    Say($"virtual host {environment.Vhost}, database {environment.DatabaseName}, seed {seed}, host output in {logPath}");
    await using var cluster = await Cluster.StartAsync(environment, log);
    await using var probe = await EventProbe.StartAsync(environment.Endpoints, environment.Vhost);
    Say("2 schedulers and 2 workers started");
    if (steady)
    {
        var soakVerdict = await new SteadySoak(environment, cluster, probe, Say).RunAsync(TimeSpan.FromMinutes(minutes), output);
        keep = soakVerdict != 0 || args.Contains("--keep");
        if (keep)
            output.WriteLine($"Kept for a look: virtual host {environment.Vhost}, database {environment.DatabaseName}; host output in {logPath}");
        return soakVerdict;
    }

    // Due after every job has certainly been accepted; the jobs spread evenly over the interval.
    var occurrences = Math.Max(1, (int)(TimeSpan.FromMinutes(minutes) / every));
    var first = TimeProvider.System.GetUtcNow().AddSeconds(15 + jobCount / 20.0);
    first = new DateTimeOffset(first.UtcTicks - first.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    var jobs = new List<SoakJob>();
    for (var i = 0; i < jobCount; i++)
    {
        var failing = i % 5 == 4;
        var job = new SoakJob(Guid.NewGuid(), failing ? "platform.fail" : "platform.sleep",
            first + TimeSpan.FromMilliseconds(Math.Round(every.TotalMilliseconds * i / jobCount)), every, occurrences);
        jobs.Add(job);
        await probe.Bus.Publish(new ScheduleJob
        {
            JobId = job.JobId,
            JobType = job.JobType,
            Payload = failing ? JsonSerializer.SerializeToElement(new { failTimes = 1 }) : JsonSerializer.SerializeToElement(new { ms = 200 }),
            // Every occurrence must run: beside a run still going (taken over after a kill), and late ones each on their own.
            Overlap = OverlapPolicy.Allow,
            Misfire = MisfirePolicy.CatchUp,
            Retry = failing ? new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Jitter = false } : null,
            Sla = new SlaPolicy { MaxStartDelay = maxStartDelay },
            Trigger = new JobTrigger
            {
                Kind = TriggerKind.Interval,
                Every = every,
                StartAt = job.FirstAt,
                // Between the last occurrence and the one after it: exactly `occurrences` of them.
                EndAt = job.LastAt + every / 2,
            },
        });
    }

    var ids = jobs.Select(j => j.JobId).ToArray();
    var idSet = ids.ToHashSet();
    await probe.WaitFor<JobAccepted>(_ => probe.Received<JobAccepted>().Count(a => idSet.Contains(a.JobId)) >= jobCount, TimeSpan.FromSeconds(120),
        "every job to be accepted");
    var last = jobs.Max(j => j.LastAt);
    Say($"{jobCount} jobs accepted, {occurrences} occurrences each, from {first:HH:mm:ss} to {last:HH:mm:ss}");

    // Chaos while occurrences are due; the last kill leaves its replacement time to start before the last occurrence.
    // Kills are `kill-every` apart (or right after the previous replacement has started, when that took longer), so one
    // process at most is down at a time.
    for (var next = TimeProvider.System.GetUtcNow() + killEvery; next + killEvery < last;)
    {
        var wait = next - TimeProvider.System.GetUtcNow();
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
        if (fault != "")
        {
            var failure = fault switch
            {
                "db-crash" => await ServerFault.DatabaseCrashAsync(down),
                "broker-node" => await ServerFault.BrokerNodeKillAsync(random.Next(1, 4), down),
                "broker-rolling" => await ServerFault.BrokerRollingRestartAsync(),
                _ => await ServerFault.BrokerDownAsync(down),
            };
            serverFaults.Add(failure);
            Say($"{failure.What}: from {failure.Began:HH:mm:ss.fff}, back at {failure.Back:HH:mm:ss.fff}");
            next = failure.Back + killEvery;
            continue;
        }

        var kill = await cluster.KillOneAndRestartAsync(random);
        Say($"killed {kill.Name} (pid {kill.Pid}) at {kill.At:HH:mm:ss.fff}; its replacement started in {kill.Restart.TotalSeconds:F1} s");
        next = kill.At + killEvery;
    }

    // Quiescence: every occurrence fired and no run left in progress (bounded).
    var store = new SoakStore(environment.DatabaseConnectionString);
    var expected = jobs.Sum(j => j.Occurrences);
    var quietBy = last + TimeSpan.FromMinutes(3);
    var quiet = 0;
    while (true)
    {
        var (fires, inProgress) = await store.ProgressAsync(ids);
        var now = TimeProvider.System.GetUtcNow();
        quiet = fires >= expected && inProgress == 0 && now > last + TimeSpan.FromSeconds(5) ? quiet + 1 : 0;
        if (quiet >= 3)
            break;
        if (now > quietBy)
        {
            Say($"warning: not quiet 3 minutes after the last occurrence: {fires} of {expected} fired, {inProgress} run(s) in progress");
            break;
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    var fired = await store.FiresAsync(ids);
    var runs = await store.RunsAsync(ids);
    var ledger = await store.LedgerAsync(ids);
    var succeededEvents = probe.Received<JobRunSucceeded>().Where(s => idSet.Contains(s.JobId)).ToList();
    var failedEvents = probe.Received<JobRunFailed>().Where(f => idSet.Contains(f.JobId)).ToList();
    var startedEvents = probe.Received<JobRunStarted>().Where(s => idSet.Contains(s.JobId)).ToList();
    var verdict = Verdict.Check(jobs, fired, runs, ledger, succeededEvents, failedEvents);

    // Fires due while a killed scheduler may have held them (claimed up to the lookahead ahead of its death), and the rest.
    var kills = cluster.Kills;
    var schedulerKills = kills.Where(k => k.Kind == ProcessKind.Scheduler).Select(k => k.At).ToList();
    bool NearSchedulerKill(DateTimeOffset due) =>
        schedulerKills.Exists(k => due > k - TimeSpan.FromSeconds(1) && due <= k + ChaosEnvironment.Lookahead + TimeSpan.FromMilliseconds(500));
    var runnable = fired.Where(f => f.HasRun).ToList();
    var fireOnTime = runnable.Where(f => !NearSchedulerKill(f.ScheduledFor)).Select(f => f.FiredAt - f.ScheduledFor);
    var fireNearKill = runnable.Where(f => NearSchedulerKill(f.ScheduledFor)).Select(f => f.FiredAt - f.ScheduledFor);
    // Start lateness of each run's first attempt as completed (the ledger); taken over = its first attempt was started
    // more than once (the worker that started it first was killed).
    var takenOver = startedEvents.Where(s => s.Attempt == 1).GroupBy(s => s.RunId)
        .Where(g => g.Select(s => (s.Worker, s.StartedAt)).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
    var firstAttempts = ledger.Where(l => l.Attempt == 1 && l.Replay == 0).ToList();
    var lateness = LatenessReports.Check(firstAttempts, startedEvents, probe.Received<JobSlaViolated>().Where(v => idSet.Contains(v.JobId)).ToList(), maxStartDelay);
    var startAll = firstAttempts.Where(l => !takenOver.Contains(l.RunId)).Select(l => l.StartedAt - l.ScheduledFor);
    var startTakenOver = firstAttempts.Where(l => takenOver.Contains(l.RunId)).Select(l => l.StartedAt - l.ScheduledFor);

    output.WriteLine($"Chaos soak: {jobCount} interval jobs every {every.TotalSeconds:F0} s for {minutes} min, 2 schedulers + 2 workers; " +
        (fault != ""
            ? $"fault {fault} every {killEvery.TotalSeconds:F0} s after the previous one ended (seed {seed})"
            : $"one process killed every {killEvery.TotalSeconds:F0} s (seed {seed})") +
        $", {Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
    output.WriteLine();
    output.WriteLine("| measure | value |");
    output.WriteLine("|---|---|");
    output.WriteLine($"| processes killed: schedulers / workers | {kills.Count(k => k.Kind == ProcessKind.Scheduler)} / {kills.Count(k => k.Kind == ProcessKind.Worker)} |");
    output.WriteLine($"| occurrences scheduled / fired | {verdict.Expected} / {verdict.Fired} |");
    output.WriteLine($"| runs succeeded (of which after a retry) | {verdict.Succeeded} ({verdict.RetriedAndSucceeded}) |");
    output.WriteLine($"| lost (expected 0) | {verdict.Lost.Count} |");
    output.WriteLine($"| duplicates (expected 0) | {verdict.Duplicates.Count} |");
    output.WriteLine($"| runs started more than {maxStartDelay.TotalSeconds:F0} s late (their SLA) / reported late (JobSlaViolated StartLate) / not reported (expected 0) / reported twice (expected 0) | " +
        $"{lateness.Late} / {lateness.ReportedLate} / {lateness.Unreported.Count} / {lateness.ReportedTwice.Count} |");
    output.WriteLine($"| reported late but started within {maxStartDelay.TotalSeconds:F0} s (the start report reached the scheduler after the deadline) | {lateness.ReportedOnTime} |");
    output.WriteLine($"| fire lateness, other fires, ms p50 / p99 / max | {Percentiles.Summary(fireOnTime)} |");
    output.WriteLine($"| fire lateness, due within (kill - 1 s, kill + lookahead + 0.5 s] of a scheduler kill, ms p50 / p99 / max | {Percentiles.Summary(fireNearKill)} |");
    output.WriteLine($"| start lateness (first attempt), runs not taken over, ms p50 / p99 / max | {Percentiles.Summary(startAll)} |");
    output.WriteLine($"| start lateness (first attempt), runs taken over after a worker kill, ms p50 / p99 / max | {Percentiles.Summary(startTakenOver)} |");
    var firstStarts = firstAttempts.ToDictionary(l => l.RunId, l => l.StartedAt);
    output.WriteLine($"| stage: fired -> queued by the run machine (run_state.queued_at - fired_at), ms p50 / p99 / max | " +
        $"{Percentiles.Summary(runs.Where(r => r.QueuedAt is not null).Select(r => r.QueuedAt!.Value - r.FiredAt))} |");
    output.WriteLine($"| stage: queued -> first attempt started (ledger started_at - run_state.queued_at), ms p50 / p99 / max | " +
        $"{Percentiles.Summary(runs.Where(r => r.QueuedAt is not null && firstStarts.ContainsKey(r.RunId)).Select(r => firstStarts[r.RunId] - r.QueuedAt!.Value))} |");
    output.WriteLine();
    if (serverFaults.Count > 0)
    {
        output.WriteLine("| fault | began | whole again after, s | longest gap between successful runs, s | first success after it was back, s | runs on time again (first attempts < 1 s late for 10 s) after it began, s | max start lateness, s |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < serverFaults.Count; i++)
            output.WriteLine(Recovery.Of(serverFaults[i], i + 1 < serverFaults.Count ? serverFaults[i + 1] : null, ledger, firstAttempts).Row());
        output.WriteLine();
    }

    if (kills.Count > 0)
        output.WriteLine("Kills: " + string.Join(", ", kills.Select(k => $"{k.Name} {k.At:HH:mm:ss.fff} (restarted in {k.Restart.TotalSeconds:F1} s)")));
    output.WriteLine();
    output.WriteLine("Latest first-attempt starts:");
    var startsByRun = startedEvents.ToLookup(s => s.RunId);
    foreach (var slow in firstAttempts.OrderByDescending(l => l.StartedAt - l.ScheduledFor).Take(5))
    {
        output.WriteLine($"- run {slow.RunId} (job {slow.JobId}) due {slow.ScheduledFor:HH:mm:ss.fff}, started {slow.StartedAt:HH:mm:ss.fff} on {slow.Worker} " +
            $"({(slow.StartedAt - slow.ScheduledFor).TotalSeconds:F1} s late); JobRunStarted: " +
            string.Join(", ", startsByRun[slow.RunId].Select(s => $"attempt {s.Attempt} {s.Worker} {s.StartedAt:HH:mm:ss.fff}")));
    }

    output.WriteLine();
    foreach (var lost in verdict.Lost)
        output.WriteLine($"LOST: {lost}");
    foreach (var duplicate in verdict.Duplicates)
        output.WriteLine($"DUPLICATE: {duplicate}");
    foreach (var unreported in lateness.Unreported)
        output.WriteLine($"LATE, NOT REPORTED: {unreported}");
    foreach (var twice in lateness.ReportedTwice)
        output.WriteLine($"REPORTED TWICE: {twice}");
    var failedVerdict = verdict.Lost.Count > 0 || verdict.Duplicates.Count > 0 || lateness.Unreported.Count > 0 || lateness.ReportedTwice.Count > 0;
    keep = failedVerdict || args.Contains("--keep");
    if (keep)
        output.WriteLine($"Kept for a look: virtual host {environment.Vhost}, database {environment.DatabaseName}; host output in {logPath}");
    return failedVerdict ? 1 : 0;
}
finally
{
    if (!keep)
        await environment.DeleteVirtualHostAndDatabaseAsync();
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
