using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Misfire policies after the scheduler was stopped across due times, for the whole chain: JobMissed for Skip,
/// one catch-up run for FireOnce, each missed occurrence for CatchUp.</summary>
[TestFixture]
public sealed class When_the_scheduler_was_down : SchedulerScenario
{
    readonly ScheduleJob _skip = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 60)) with { Misfire = MisfirePolicy.Skip };
    // The catch-up and the next on-time occurrence fire close together: overlap Allow runs both (Skip would report the
    // on-time one missed if the catch-up still ran, which is overlap at work, not the misfire policy under test).
    readonly ScheduleJob _fireOnce = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 60)) with { Misfire = MisfirePolicy.FireOnce, Overlap = OverlapPolicy.Allow };
    // The caught-up occurrences fire together; overlap Allow runs them side by side (Skip would miss all but one, Queue
    // would run them one after another).
    readonly ScheduleJob _catchUp = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 60)) with { Misfire = MisfirePolicy.CatchUp, Overlap = OverlapPolicy.Allow };
    DateTimeOffset _downFrom;
    DateTimeOffset _downUntil;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Platform:Triggers:MisfireThreshold"] = "00:00:01",
        ["Platform:Triggers:CatchUpLimit"] = "3",
        ["Platform:Triggers:Lease"] = "00:00:01",
    };

    [OneTimeSetUp]
    public async Task StopTheSchedulerAcrossDueTimes()
    {
        foreach (var job in new[] { _skip, _fireOnce, _catchUp })
            await ScheduleAsync(job);
        foreach (var job in new[] { _skip, _fireOnce, _catchUp })
            await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "a first run before the scheduler stops");

        await Scheduler.StopQuietlyAsync();
        _downFrom = Now;
        // The downtime is the scenario: 5 s is 5 occurrences of each job, past the 1 s misfire threshold.
        await Task.Delay(TimeSpan.FromSeconds(5));
        _downUntil = Now;
        Scheduler = await StartSchedulerAsync();

        foreach (var job in new[] { _skip, _fireOnce, _catchUp })
        {
            await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId && s.ScheduledFor > _downUntil, Wait,
                "the schedule to go on after the restart");
        }
    }

    IEnumerable<DateTimeOffset> MissedWhileDown(Guid jobId) =>
        Probe.Received<JobMissed>().Where(m => m.JobId == jobId && m.ScheduledFor > _downFrom && m.ScheduledFor < _downUntil).Select(m => m.ScheduledFor);

    /// <summary>Runs of occurrences that were certainly past the misfire threshold when the restarted scheduler first saw
    /// them (it decides no earlier than <see cref="_downUntil"/>); an occurrence due in the last second of the downtime
    /// may still fire normally, depending on how long the restart took.</summary>
    async Task<List<RunRow>> OnTimeRunsOfMissedOccurrences(Guid jobId) =>
        (await RunsAsync(jobId)).Where(r => r.ScheduledFor > _downFrom && r.ScheduledFor < _downUntil - TimeSpan.FromSeconds(1)
            && !r.Cause.StartsWith("misfire", StringComparison.Ordinal)).ToList();

    async Task<List<RunRow>> MisfireRuns(Guid jobId) =>
        (await RunsAsync(jobId)).Where(r => r.Cause.StartsWith("misfire", StringComparison.Ordinal)).ToList();

    [Test]
    public async Task Should_publish_job_missed_for_each_skipped_occurrence()
    {
        var onTime = await OnTimeRunsOfMissedOccurrences(_skip.JobId);
        var misfireRuns = await MisfireRuns(_skip.JobId);
        Assert.Multiple(() =>
        {
            // 5 s down with occurrences every second: at least the 3 due before the last second are past the threshold.
            Assert.That(MissedWhileDown(_skip.JobId).Count(), Is.GreaterThanOrEqualTo(3), "JobMissed per occurrence while down");
            Assert.That(onTime, Is.Empty, "Skip runs none of them");
            Assert.That(misfireRuns, Is.Empty, "Skip runs no catch-up");
        });
    }

    [Test]
    public async Task Should_run_one_catch_up_for_fire_once()
    {
        var onTime = await OnTimeRunsOfMissedOccurrences(_fireOnce.JobId);
        var misfireRuns = await MisfireRuns(_fireOnce.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(misfireRuns, Has.Count.EqualTo(1), "one catch-up run");
            Assert.That(misfireRuns.Single().Cause, Does.StartWith("misfire: one catch-up run"));
            Assert.That(misfireRuns.Single().ScheduledFor, Is.GreaterThan(_downFrom), "the catch-up is for an occurrence missed while down");
            Assert.That(onTime, Is.Empty, "the missed occurrences did not also run on their own");
            Assert.That(MissedWhileDown(_fireOnce.JobId), Is.Empty, "FireOnce does not report the occurrences it coalesced as missed");
        });
    }

    [Test]
    public async Task Should_catch_up_the_oldest_missed_occurrences_up_to_the_limit()
    {
        var runs = await MisfireRuns(_catchUp.JobId);
        var onTime = await OnTimeRunsOfMissedOccurrences(_catchUp.JobId);
        var missed = MissedWhileDown(_catchUp.JobId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(runs, Has.Count.EqualTo(3), "CatchUpLimit is 3");
            Assert.That(runs.Select(r => r.Cause), Has.All.StartWith("misfire: catching up"));
            Assert.That(onTime, Is.Empty, "the missed occurrences did not also run on their own");
            Assert.That(missed, Is.Not.Empty, "occurrences beyond the limit are reported missed");
            Assert.That(runs.Max(r => r.ScheduledFor), Is.LessThan(missed.Min()), "the oldest ones ran");
        });
    }
}
