using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// The database fault drill, short (the long one: <c>bench/Platform.Bench.Chaos --fault db-crash</c>): the scheduler and a
/// worker on a PostgreSQL server of the fixture's own, which is crashed (<c>pg_ctl -m immediate</c>) while an interval job
/// fires every second and started again 3 s later. The trigger engine, the outbox delivery and the worker's ledger recover
/// on their own: every occurrence is fired, run and reported exactly once; readiness says not ready while it is down.
/// </summary>
[TestFixture]
public sealed class When_the_database_crashes : OwnDatabaseScenario
{
    const int Occurrences = 12;
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Test]
    public async Task Should_fire_and_run_every_occurrence_once_and_be_not_ready_while_it_is_down()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.sleep",
            Payload = JsonSerializer.SerializeToElement(new { ms = 100 }),
            Trigger = new JobTrigger
            {
                Kind = TriggerKind.Interval, Every = TimeSpan.FromSeconds(1), StartAt = TimeProvider.System.GetUtcNow().AddSeconds(2), MaxRuns = Occurrences,
            },
            Misfire = MisfirePolicy.CatchUp,
            Overlap = OverlapPolicy.Allow,
        };
        await Probe.Bus.Publish(job);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");
        await Probe.WaitFor<JobRunSucceeded>(_ => Succeeded(job.JobId) >= 3, Wait, "three runs to succeed before the crash");

        await Postgres.CrashAsync();
        var down = await ReadinessAsync();
        // The outage itself: how long the database stays down (nothing is awaited through it).
        await Task.Delay(Outage);
        await Postgres.StartAsync();

        await Probe.WaitFor<JobRunSucceeded>(_ => Succeeded(job.JobId) >= Occurrences, Wait, $"all {Occurrences} runs to succeed after the database came back");
        using var session = TrackedSession.Start(Management, VirtualHost, Postgres.ConnectionString)
            .Observe(Probe.Bus, "probe").Observe(Scheduler!.Services.GetRequiredService<IBus>(), "scheduler").Observe(Worker!.Services.GetRequiredService<IBus>(), "worker");
        await session.WaitUntilQuietAsync(Wait, "the platform to settle after the crash");
        var up = await ReadinessAsync();
        var (fires, distinctFires, runs, succeededRuns, completions, runsCompletedTwice) = await OccurrenceCounts.ReadAsync(Postgres.ConnectionString, job.JobId);
        var reports = Probe.Received<JobRunSucceeded>().Where(s => s.JobId == job.JobId).GroupBy(s => s.RunId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(down.Status, Is.EqualTo(HealthStatus.Unhealthy), "not ready while the database is down");
            Assert.That(up.Status, Is.EqualTo(HealthStatus.Healthy), "ready again once it is back");
            Assert.That((fires, distinctFires), Is.EqualTo((Occurrences, Occurrences)), "every occurrence fired once");
            Assert.That((runs, succeededRuns), Is.EqualTo((Occurrences, Occurrences)), "every run recorded, and succeeded");
            Assert.That((completions, runsCompletedTwice), Is.EqualTo((Occurrences, 0)), "every run completed once in the worker's ledger");
            Assert.That(reports, Has.Count.EqualTo(Occurrences));
            Assert.That(reports.Where(r => r.Count() > 1).Select(r => r.Key), Is.Empty, "one success reported per run (as an inbox counts)");
        });
    }

    int Succeeded(Guid jobId) => Probe.Received<JobRunSucceeded>().Where(s => s.JobId == jobId).Select(s => s.RunId).Distinct().Count();

    async Task<HealthReport> ReadinessAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SchedulerOptions>().Configure(o => o.ConnectionString = Postgres.ConnectionString);
        services.AddHealthChecks().AddSchedulerDatabase();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
    }
}
