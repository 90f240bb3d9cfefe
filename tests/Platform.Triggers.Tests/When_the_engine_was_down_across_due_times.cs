using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Triggers.Tests;

[TestFixture]
public sealed class When_the_engine_was_down_across_due_times : EngineFixture
{
    static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    readonly Guid _fireOnce = Guid.NewGuid();
    readonly Guid _skip = Guid.NewGuid();
    readonly Guid _catchUp = Guid.NewGuid();
    DateTimeOffset _downFrom;
    DateTimeOffset _downUntil;

    [OneTimeSetUp]
    public async Task MissOccurrencesWhileDown()
    {
        var settings = new Dictionary<string, string?> { ["Platform:Triggers:MisfireThreshold"] = "00:00:00.500", ["Platform:Triggers:CatchUpLimit"] = "5" };
        var engine = await StartEngineAsync("before", settings);
        var start = Now.AddSeconds(1).ToStored();
        await UpsertAsync(
            (_fireOnce, 1, Every(Period, start), MisfirePolicy.FireOnce),
            (_skip, 1, Every(Period, start), MisfirePolicy.Skip),
            (_catchUp, 1, Every(Period, start), MisfirePolicy.CatchUp));
        await Recorder.WaitForAsync(f => new[] { _fireOnce, _skip, _catchUp }.All(id => f.Any(x => x.Fire.JobId == id)), TimeSpan.FromSeconds(20),
            "each trigger to fire once before the engine stops");

        await StopAsync(engine);
        _downFrom = Now;
        // The downtime itself: 3 s is 12 occurrences of each trigger, far past the 0.5 s misfire threshold.
        await Task.Delay(TimeSpan.FromSeconds(3));
        _downUntil = Now;
        await StartEngineAsync("after", settings);
        await Recorder.WaitForAsync(f => new[] { _fireOnce, _skip, _catchUp }.All(id => f.Any(x => x.Fire.JobId == id && x.Engine == "after")),
            TimeSpan.FromSeconds(20), "each trigger to fire after the restart");
    }

    IEnumerable<TriggerFire> FirstBatchAfterRestart(Guid jobId)
    {
        var after = Recorder.Fires.Where(x => x.Fire.JobId == jobId && x.Engine == "after").ToList();
        var firstFiredAt = after.Min(x => x.Fire.FiredAt);
        return after.Where(x => x.Fire.FiredAt == firstFiredAt).Select(x => x.Fire);
    }

    [Test]
    public void Should_run_one_catch_up_for_fire_once()
    {
        var batch = FirstBatchAfterRestart(_fireOnce).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batch.Count(f => f.Kind == FireKind.Misfired), Is.EqualTo(1), "one catch-up run");
            Assert.That(batch.Single(f => f.Kind == FireKind.Misfired).ScheduledFor, Is.EqualTo(batch.Max(f => f.ScheduledFor)),
                "the catch-up run stands for the latest missed occurrence");
            Assert.That(batch.Count(f => f.Kind == FireKind.Coalesced), Is.GreaterThanOrEqualTo(9), "the other missed occurrences are recorded");
        });
    }

    [Test]
    public void Should_record_each_skipped_occurrence_as_missed_and_run_none_of_them()
    {
        var batch = FirstBatchAfterRestart(_skip).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batch, Has.All.Property(nameof(TriggerFire.Kind)).EqualTo(FireKind.Missed));
            Assert.That(batch, Has.Count.GreaterThanOrEqualTo(10), "one missed record per occurrence during 3 s at 250 ms");
            Assert.That(batch.Select(f => f.ScheduledFor), Is.Ordered.And.Unique);
        });
    }

    [Test]
    public async Task Should_run_each_missed_occurrence_up_to_the_limit_oldest_first()
    {
        var batch = FirstBatchAfterRestart(_catchUp).ToList();
        var caughtUp = batch.Where(f => f.Kind == FireKind.CaughtUp).ToList();
        var runs = await RunsOf(_catchUp);
        Assert.Multiple(() =>
        {
            Assert.That(caughtUp, Has.Count.EqualTo(5), "CatchUpLimit is 5");
            Assert.That(caughtUp.Max(f => f.ScheduledFor), Is.LessThan(batch.Where(f => f.Kind == FireKind.Missed).Min(f => f.ScheduledFor)),
                "the oldest occurrences run; the rest beyond the limit are missed");
            Assert.That(runs.Count(r => r.Kind == nameof(FireKind.CaughtUp)), Is.EqualTo(5));
            Assert.That(caughtUp.Min(f => f.ScheduledFor), Is.LessThan(_downUntil), "a caught-up run is for a time when the engine was down");
        });
    }

    [Test]
    public async Task Should_resume_the_schedule_on_time_after_the_misfire()
    {
        var jobs = new[] { _fireOnce, _skip, _catchUp };
        await Recorder.WaitForAsync(f => jobs.All(id => f.Any(x => x.Fire.JobId == id && x.Fire.Kind == FireKind.OnTime && x.Fire.ScheduledFor > _downUntil)),
            TimeSpan.FromSeconds(20), "every trigger to fire on time again after the restart");
        var missedWhileDown = Recorder.Fires.Where(x => x.Engine == "after" && x.Fire.ScheduledFor > _downFrom && x.Fire.ScheduledFor < _downUntil);
        Assert.That(missedWhileDown.Select(x => x.Fire.Kind), Has.None.EqualTo(FireKind.OnTime), "nothing that passed while down counts as on time");
    }
}
