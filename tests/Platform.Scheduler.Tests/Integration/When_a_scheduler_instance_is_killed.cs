using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// High availability: two scheduler processes share the database and the broker; one is killed with SIGKILL while
/// occurrences are coming due (some held in its memory, some in its fire transactions and outbox). Every occurrence still
/// runs exactly once, and the survivor fires the dead one's overdue occurrences within a few seconds.
/// </summary>
[TestFixture]
public sealed class When_a_scheduler_instance_is_killed : PlatformFixture
{
    const int Jobs = 240;
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    readonly List<ScheduleJob> _jobs = [];
    HostProcess? _a;
    HostProcess? _b;
    IHost? _worker;
    EventProbe? _probe;
    TrackedSession? _session;
    DateTimeOffset _killedAt;
    List<Guid> _heldByA = [];

    async Task<long> FiredAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from scheduler.fires", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    async Task<List<Guid>> HeldAsync(string instance)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select job_id from scheduler.triggers where claimed_by = $1 and next_fire_at > now() + interval '600 milliseconds'", connection);
        command.Parameters.AddWithValue(instance);
        await using var reader = await command.ExecuteReaderAsync();
        var held = new List<Guid>();
        while (await reader.ReadAsync())
            held.Add(reader.GetGuid(0));
        return held;
    }

    static string SchedulerHostPath => typeof(When_a_scheduler_instance_is_killed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SchedulerHostPath").Value!;

    Dictionary<string, string?> SchedulerConfiguration(string instance)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Triggers:InstanceId"] = instance;
        configuration["Platform:Triggers:Lease"] = Lease.ToString();
        configuration["Platform:Triggers:Lookahead"] = "00:00:01";
        configuration["Platform:Quartz:CheckinInterval"] = "00:00:01";
        configuration["Platform:Quartz:CheckinMisfireThreshold"] = "00:00:02";
        configuration["Platform:Outbox:QueryDelay"] = "00:00:01";
        return configuration;
    }

    [OneTimeSetUp]
    public async Task RunTwoSchedulersAndKillOne()
    {
        _a = HostProcess.Start(SchedulerHostPath, "scheduler-a", SchedulerConfiguration("scheduler-a"));
        await _a.WaitUntilStartedAsync(TimeSpan.FromSeconds(90));
        _b = HostProcess.Start(SchedulerHostPath, "scheduler-b", SchedulerConfiguration("scheduler-b"));
        await _b.WaitUntilStartedAsync(TimeSpan.FromSeconds(90));
        _worker = await PlatformHosts.StartWorkerAsync(PlatformConfiguration());
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
        _session = Track().Observe(_probe.Bus, "probe").Observe(_worker.Services.GetRequiredService<IBus>(), "worker");

        // Far enough ahead that every job is accepted before the first is due: lateness then measures firing, not intake.
        var start = TimeProvider.System.GetUtcNow().AddSeconds(20);
        for (var i = 0; i < Jobs; i++)
        {
            var job = new ScheduleJob
            {
                JobId = Guid.NewGuid(),
                JobType = "platform.noop",
                Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = start.AddMilliseconds(i * 25) },
            };
            _jobs.Add(job);
            await _probe.Bus.Publish(job);
        }

        var accepted = _jobs.Select(j => j.JobId).ToHashSet();
        await _probe.WaitFor<JobAccepted>(_ => _probe.Received<JobAccepted>().Count(a => accepted.Contains(a.JobId)) >= Jobs, TimeSpan.FromSeconds(60),
            "every job to be accepted");
        TestContext.Progress.WriteLine($"all {Jobs} jobs accepted {(start - TimeProvider.System.GetUtcNow()).TotalSeconds:F1} s before the first is due");

        // Kill while occurrences are firing: about a third have come due, the rest are claimed or still in the store.
        await Eventually(async () => await FiredAsync() >= Jobs / 3, TimeSpan.FromSeconds(60), "a third of the occurrences to fire");
        // ... at a moment when scheduler-a holds claimed occurrences in memory that are not due yet: only the survivor can
        // fire them now, once their claims have expired.
        await Eventually(async () => (_heldByA = await HeldAsync("scheduler-a")).Count > 0, TimeSpan.FromSeconds(30),
            "scheduler-a to hold claimed occurrences due later than 600 ms from now");
        _a.Kill();
        _killedAt = TimeProvider.System.GetUtcNow();
        TestContext.Progress.WriteLine($"killed scheduler-a at {_killedAt:O}");

        var ids = _jobs.Select(j => j.JobId).ToHashSet();
        await _probe.WaitFor<JobRunSucceeded>(_ => _probe.Received<JobRunSucceeded>().Select(s => s.JobId).Where(ids.Contains).Distinct().Count() >= Jobs,
            TimeSpan.FromSeconds(90), $"all {Jobs} jobs to run");
        // A second run or a second announcement would still be on its way until the survivor, the worker and the broker
        // are quiet.
        await _session.WaitUntilQuietAsync(TimeSpan.FromSeconds(60), "every job's run");
    }

    [OneTimeTearDown]
    public async Task StopEverything()
    {
        _session?.Dispose();
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _worker.StopQuietlyAsync();
        if (_b is not null)
            await _b.DisposeAsync();
        if (_a is not null)
            await _a.DisposeAsync();
    }

    [Test]
    public async Task Should_run_every_occurrence_exactly_once()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select job_id, count(*) from scheduler.run_state where job_id = any($1) group by job_id having count(*) <> 1", connection);
        command.Parameters.AddWithValue(_jobs.Select(j => j.JobId).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var wrong = new List<string>();
        while (await reader.ReadAsync())
            wrong.Add($"{reader.GetGuid(0)}: {reader.GetInt64(1)} runs");

        // A subscriber's inbox drops a second delivery of one message id (an announcement repeated after the kill); two
        // message ids for one run would be two events.
        var succeeded = _session!.Consumed<JobRunSucceeded>(by: "probe").GroupBy(s => s.Message.RunId)
            .Where(g => g.Select(s => s.MessageId).Distinct().Count() > 1).Select(g => g.Key).ToList();
        var handled = _session.Consumed<ExecuteJobRun>(by: "worker").Where(r => !r.Faulted).GroupBy(r => r.Message.RunId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Empty, "jobs without exactly one run");
            Assert.That(succeeded, Is.Empty, "runs that succeeded twice");
            Assert.That(handled.Select(g => g.Key).Distinct().Count(), Is.EqualTo(Jobs), "runs the worker consumed");
        });
    }

    [Test]
    public async Task Should_fire_the_dead_instances_overdue_occurrences_within_seconds_on_the_survivor()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select instance, extract(epoch from fired_at - scheduled_for), fired_at from scheduler.fires where job_id = any($1)", connection);
        command.Parameters.AddWithValue(_heldByA.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var fires = new List<(string Instance, double LateSeconds, DateTimeOffset FiredAt)>();
        while (await reader.ReadAsync())
            fires.Add((reader.GetString(0), (double)reader.GetDecimal(1), reader.GetFieldValue<DateTimeOffset>(2)));
        var survivor = fires.Where(f => f.Instance == "scheduler-b").ToList();
        TestContext.Progress.WriteLine($"{_heldByA.Count} occurrence(s) held by scheduler-a when it was killed; fired by " +
            string.Join(", ", fires.Select(f => $"{f.Instance} {f.LateSeconds:F2} s late")));

        Assert.Multiple(() =>
        {
            Assert.That(fires, Has.Count.EqualTo(_heldByA.Count), "each held occurrence fired once");
            Assert.That(fires.Where(f => f.Instance == "scheduler-a").Select(f => f.FiredAt), Has.All.LessThan(_killedAt),
                "scheduler-a fired after it was killed");
            Assert.That(survivor, Is.Not.Empty, "the survivor fired none of them: the kill came after scheduler-a had fired them all");
            Assert.That(survivor.Max(f => f.LateSeconds), Is.LessThan((Lease + TimeSpan.FromSeconds(3)).TotalSeconds),
                "taken over within the lease and a few seconds");
        });
    }
}
