using Microsoft.EntityFrameworkCore;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Triggers.Tests;

[TestFixture]
public sealed class When_triggers_come_due : EngineFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // What the engine promises about lateness: an occurrence later than the misfire threshold (2 s in these engines) is a
    // misfire, so an on-time fire is within it. Tighter bounds would measure this shared machine, not the engine
    // (bench/Platform.Bench.Firing measures precision).
    static readonly TimeSpan OnTimeMargin = TimeSpan.FromSeconds(2);

    [OneTimeSetUp]
    public Task StartTwoEngines() => Task.WhenAll(StartEngineAsync("engine-a"), StartEngineAsync("engine-b"));

    [Test]
    public async Task Should_fire_a_once_trigger_on_time_and_only_once()
    {
        var jobId = Guid.NewGuid();
        var runAt = Now.AddSeconds(1.5).ToStored();
        await UpsertAsync((jobId, 1, Once(runAt), MisfirePolicy.FireOnce));

        await Recorder.WaitForAsync(f => f.Any(x => x.Fire.JobId == jobId), Wait, "the once trigger to fire");
        await NoTriggerLeftAsync([jobId]);
        var fire = Recorder.Fires.Single(x => x.Fire.JobId == jobId);
        var runs = await RunsOf(jobId);
        Assert.Multiple(() =>
        {
            Assert.That(fire.Fire.ScheduledFor, Is.EqualTo(runAt));
            Assert.That(fire.Fire.FiredAt, Is.GreaterThanOrEqualTo(runAt), "fired before its time");
            Assert.That(fire.CommittedAt - runAt, Is.LessThan(OnTimeMargin), "fire committed past the misfire threshold");
            Assert.That(fire.Fire.Kind, Is.EqualTo(FireKind.OnTime));
            Assert.That(fire.Fire.IsLast, Is.True, "a once trigger has no next occurrence");
            Assert.That(runs.Select(r => r.ScheduledFor), Is.EqualTo(new[] { runAt }), "runs created in the fire transaction");
        });
    }

    [Test]
    public async Task Should_fire_an_interval_trigger_until_max_runs()
    {
        var jobId = Guid.NewGuid();
        var every = TimeSpan.FromMilliseconds(300);
        await UpsertAsync((jobId, 1, Every(every, maxRuns: 4), MisfirePolicy.FireOnce));

        await Recorder.WaitForAsync(f => f.Any(x => x.Fire.JobId == jobId && x.Fire.IsLast), Wait, "the fourth and last fire");
        var runs = await RunsOf(jobId);
        await using var db = NewContext();
        var trigger = await db.Set<TriggerRecord>().SingleOrDefaultAsync(t => t.JobId == jobId);
        var logged = await db.Set<FireRecord>().CountAsync(f => f.JobId == jobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Has.Count.EqualTo(4));
            Assert.That(runs.Zip(runs.Skip(1), (a, b) => b.ScheduledFor - a.ScheduledFor), Has.All.EqualTo(every), "occurrences every 300 ms");
            Assert.That(runs.Select(r => r.IsLast), Is.EqualTo(new[] { false, false, false, true }));
            Assert.That(Recorder.Fires.Single(x => x.Fire.JobId == jobId && x.Fire.IsLast).Fire.FiredRuns, Is.EqualTo(4));
            Assert.That(logged, Is.EqualTo(4), "each occurrence in the fire log");
            Assert.That(trigger, Is.Null, "a trigger with no occurrence left is deleted with its last fire");
        });
    }

    [Test]
    public async Task Should_never_fire_a_replaced_version()
    {
        var jobId = Guid.NewGuid();
        var first = Now.AddMilliseconds(1200).ToStored();
        await UpsertAsync((jobId, 1, Once(first), MisfirePolicy.FireOnce));
        // Within the lookahead: wait until an engine holds version 1 in memory (it has claimed it), then replace it.
        await Eventually(async () =>
        {
            await using var db = NewContext();
            return await db.Set<TriggerRecord>().AnyAsync(t => t.JobId == jobId && t.Version == 1 && t.ClaimedBy != null);
        }, Wait, "an engine to claim version 1");
        var second = Now.AddMilliseconds(1500).ToStored();
        await UpsertAsync((jobId, 2, Once(second), MisfirePolicy.FireOnce));

        await Recorder.WaitForAsync(f => f.Any(x => x.Fire.JobId == jobId && x.Fire.Version == 2), Wait, "version 2 to fire");
        Assert.Multiple(async () =>
        {
            Assert.That(Recorder.Fires.Where(x => x.Fire.JobId == jobId).Select(x => x.Fire.Version), Is.EqualTo(new[] { 2 }));
            Assert.That((await RunsOf(jobId)).Select(r => r.ScheduledFor), Is.EqualTo(new[] { second }));
        });
    }

    [Test]
    public async Task Should_fire_each_occurrence_exactly_once_across_two_engines()
    {
        var start = Now.AddSeconds(1);
        var jobs = Enumerable.Range(0, 300)
            .Select(i => (JobId: Guid.NewGuid(), Version: 1, Trigger: Once(start.AddMilliseconds(i * 7)), Misfire: MisfirePolicy.FireOnce))
            .ToArray();
        var ids = jobs.Select(j => j.JobId).ToHashSet();
        await UpsertAsync(jobs);

        await Recorder.WaitForAsync(f => f.Count(x => ids.Contains(x.Fire.JobId)) >= 300, Wait, "300 occurrences to fire");
        await NoTriggerLeftAsync(ids);
        var fired = Recorder.Fires.Where(x => ids.Contains(x.Fire.JobId)).ToList();
        await using var db = NewContext();
        var runs = await db.Runs.CountAsync(r => ids.Contains(r.JobId));
        Assert.Multiple(() =>
        {
            Assert.That(fired.Select(x => x.Fire.JobId).Distinct().Count(), Is.EqualTo(300), "each job fired");
            Assert.That(fired, Has.Count.EqualTo(300), "no occurrence fired twice");
            Assert.That(runs, Is.EqualTo(300));
            Assert.That(fired.Select(x => x.Fire.Kind), Has.All.EqualTo(FireKind.OnTime), "fires past the misfire threshold");
            Assert.That(fired.Max(x => x.CommittedAt - x.Fire.ScheduledFor), Is.LessThan(OnTimeMargin), "worst lateness");
        });
    }

    [Test]
    public async Task Should_apply_the_misfire_policy_to_what_passed_while_paused()
    {
        var jobId = Guid.NewGuid();
        await UpsertAsync((jobId, 1, Every(TimeSpan.FromMilliseconds(250), maxRuns: 100), MisfirePolicy.FireOnce));
        await Recorder.WaitForAsync(f => f.Any(x => x.Fire.JobId == jobId), Wait, "the first fire");

        await using (var db = NewContext())
        {
            await TriggerStore.PauseAsync(db, jobId, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var pausedAt = Now;
        var firedBeforePause = Recorder.Fires.Count(x => x.Fire.JobId == jobId);
        // The pause itself is what this test is about: it lasts past the misfire threshold (2 s).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var firedWhilePaused = Recorder.Fires.Count(x => x.Fire.JobId == jobId && x.Fire.FiredAt > pausedAt.AddMilliseconds(300));
        await using (var db = NewContext())
        {
            await Store().ResumeAsync(db, jobId, Now, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await Recorder.WaitForAsync(f => f.Any(x => x.Fire.JobId == jobId && x.Fire.Kind == FireKind.Misfired), Wait, "the catch-up fire");
        var afterResume = Recorder.Fires.Where(x => x.Fire.JobId == jobId).Skip(firedBeforePause).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(firedWhilePaused, Is.Zero, "fired while paused");
            Assert.That(afterResume.Count(x => x.Fire.Kind == FireKind.Misfired), Is.EqualTo(1), "FireOnce: one catch-up run");
            Assert.That(afterResume.Count(x => x.Fire.Kind == FireKind.Coalesced), Is.GreaterThanOrEqualTo(8), "the other missed occurrences");
        });
    }

    /// <summary>Once triggers are deleted in the transaction of their last fire, and a fire needs its trigger row: with no
    /// row left, no engine can fire any of them again, so the fires counted then are final.</summary>
    async Task NoTriggerLeftAsync(IReadOnlyCollection<Guid> jobIds) =>
        await Eventually(async () =>
        {
            await using var db = NewContext();
            return !await db.Set<TriggerRecord>().AnyAsync(t => jobIds.Contains(t.JobId));
        }, Wait, "the fired once triggers to be deleted");
}
