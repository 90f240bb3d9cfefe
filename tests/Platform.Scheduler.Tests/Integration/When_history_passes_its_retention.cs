using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Retention;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>One cleanup pass over a migrated scheduler database holding old and recent runs in every state and old and
/// recent audit records: history retention 30 days, audit retention 60 days, two rows per delete statement.</summary>
[TestFixture]
public sealed class When_history_passes_its_retention : PlatformFixture
{
    static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    readonly Dictionary<string, Guid> _runs = [];
    readonly Dictionary<string, long> _audit = [];
    ServiceProvider? _services;
    HistoryCleanup _cleanup = null!;

    [OneTimeSetUp]
    public async Task SeedAndCleanUp()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddTestLogging());
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<SchedulerDbContext>(db => db.UsePlatformScheduler(ConnectionString));
        services.AddSingleton(Options.Create(new HistoryRetentionOptions
        {
            HistoryRetention = TimeSpan.FromDays(30),
            AuditRetention = TimeSpan.FromDays(60),
            RetentionBatchSize = 2,
        }));
        services.AddSingleton<HistoryRetentionService>();
        _services = services.BuildServiceProvider();

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
            await db.Database.MigrateAsync();

            AddRun(db, "succeeded 31 days ago", RunStates.Succeeded, finishedDaysAgo: 31);
            AddRun(db, "dead-lettered 40 days ago", RunStates.DeadLettered, finishedDaysAgo: 40);
            AddRun(db, "timed out 31 days ago", RunStates.TimedOut, finishedDaysAgo: 31);
            AddRun(db, "cancelled 35 days ago", RunStates.Cancelled, finishedDaysAgo: 35);
            AddRun(db, "skipped 400 days ago", RunStates.Skipped, finishedDaysAgo: 400);
            AddRun(db, "succeeded 29 days ago", RunStates.Succeeded, finishedDaysAgo: 29);
            AddRun(db, "dead-lettered 1 day ago", RunStates.DeadLettered, finishedDaysAgo: 1);
            AddRun(db, "running for 90 days", RunStates.Running, finishedDaysAgo: null);
            AddRun(db, "waiting for 90 days", RunStates.WaitingForDependencies, finishedDaysAgo: null);
            AddRun(db, "retry scheduled for 90 days", RunStates.RetryScheduled, finishedDaysAgo: null);
            // A replayed run is queued again; a finish time left from before (never the case today) must not delete it.
            AddRun(db, "queued again, finished 90 days ago", RunStates.Queued, finishedDaysAgo: 90);

            var audit = new Dictionary<string, AuditRecord>
            {
                ["received 61 days ago"] = Audit(61),
                ["received 100 days ago"] = Audit(100),
                ["received 45 days ago"] = Audit(45),
                ["received 1 day ago"] = Audit(1),
            };
            db.Audit.AddRange(audit.Values);
            await db.SaveChangesAsync();
            foreach (var (name, record) in audit)
                _audit[name] = record.Id;
        }

        _cleanup = await _services.GetRequiredService<HistoryRetentionService>().CleanupOnceAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task DisposeServices()
    {
        if (_services is not null)
            await _services.DisposeAsync();
    }

    [TestCase("succeeded 31 days ago")]
    [TestCase("dead-lettered 40 days ago")]
    [TestCase("timed out 31 days ago")]
    [TestCase("cancelled 35 days ago")]
    [TestCase("skipped 400 days ago")]
    public async Task Should_delete_a_run_that_finished_before_the_retention(string run) =>
        Assert.That(await RunExists(run), Is.False, $"the run {run} is still there");

    [TestCase("succeeded 29 days ago")]
    [TestCase("dead-lettered 1 day ago")]
    public async Task Should_keep_a_run_that_finished_within_the_retention(string run) =>
        Assert.That(await RunExists(run), Is.True, $"the run {run} was deleted");

    [TestCase("running for 90 days")]
    [TestCase("waiting for 90 days")]
    [TestCase("retry scheduled for 90 days")]
    [TestCase("queued again, finished 90 days ago")]
    public async Task Should_keep_a_run_in_progress_however_old(string run) =>
        Assert.That(await RunExists(run), Is.True, $"the run {run} was deleted");

    [Test]
    public async Task Should_delete_audit_records_past_the_audit_retention_not_the_history_retention()
    {
        await using var scope = _services!.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        var left = await db.Audit.Select(a => a.Id).ToListAsync();
        Assert.That(left, Is.EquivalentTo(new[] { _audit["received 45 days ago"], _audit["received 1 day ago"] }));
    }

    [Test]
    public void Should_report_what_it_deleted_across_several_batches() =>
        Assert.That(_cleanup, Is.EqualTo(new HistoryCleanup(Runs: 5, AuditRecords: 2)));

    [Test]
    public async Task Should_find_nothing_more_to_delete_on_the_next_pass()
    {
        var again = await _services!.GetRequiredService<HistoryRetentionService>().CleanupOnceAsync(CancellationToken.None);
        Assert.That(again, Is.EqualTo(new HistoryCleanup(0, 0)));
    }

    void AddRun(SchedulerDbContext db, string name, string state, int? finishedDaysAgo)
    {
        var scheduledFor = Now - TimeSpan.FromDays(finishedDaysAgo ?? 90) - TimeSpan.FromMinutes(5);
        var run = new RunState
        {
            CorrelationId = Guid.NewGuid(),
            CurrentState = state,
            JobId = Guid.NewGuid(),
            JobVersion = 1,
            JobType = "platform.noop",
            Cause = name,
            Definition = "{}",
            ScheduledFor = scheduledFor,
            FiredAt = scheduledFor,
            QueuedAt = scheduledFor,
            StartedAt = scheduledFor,
            FinishedAt = finishedDaysAgo is { } days ? Now - TimeSpan.FromDays(days) : null,
            Attempt = 1,
        };
        db.Runs.Add(run);
        _runs[name] = run.CorrelationId;
    }

    static AuditRecord Audit(int daysAgo) => new()
    {
        ReceivedAt = Now - TimeSpan.FromDays(daysAgo),
        Command = "ScheduleJob",
        JobId = Guid.NewGuid(),
        Sender = "test",
        Accepted = true,
        Outcome = "\"created\"",
    };

    async Task<bool> RunExists(string name)
    {
        await using var scope = _services!.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerDbContext>();
        var id = _runs[name];
        return await db.Runs.AnyAsync(r => r.CorrelationId == id);
    }
}
