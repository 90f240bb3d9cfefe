using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Overlap policies: an occurrence due while the previous run is still in progress.</summary>
[TestFixture]
public sealed class When_occurrences_overlap_a_running_run : SchedulerScenario
{
    // Every second (the shortest interval accepted), each run sleeps 2.5 s: the next two occurrences come due while a
    // run is still in progress.
    static ScheduleJob Overlapping(OverlapPolicy overlap) =>
        Job(Every(TimeSpan.FromSeconds(1), maxRuns: 4), "platform.sleep", Sleep(2500)) with { Overlap = overlap };

    [Test]
    public async Task Should_record_an_overlapping_occurrence_as_missed_with_skip()
    {
        var job = Overlapping(OverlapPolicy.Skip);
        await ScheduleAsync(job);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, TimeSpan.FromSeconds(45), "the job to complete");
        var runs = await RunsAsync(job.JobId);
        var missed = Probe.Received<JobMissed>().Where(m => m.JobId == job.JobId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(missed, Is.Not.Empty, "occurrences due while a run was in progress");
            Assert.That(missed.Select(m => m.Reason), Has.All.Contains("overlap Skip"));
            Assert.That(runs.Count + missed.Count, Is.EqualTo(4), "each occurrence either ran or was missed");
            Assert.That(NoOverlap(runs), Is.True, "two runs overlapped");
        });
    }

    [Test]
    public async Task Should_run_an_overlapping_occurrence_after_the_running_one_with_queue()
    {
        var job = Overlapping(OverlapPolicy.Queue);
        await ScheduleAsync(job);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, TimeSpan.FromSeconds(45), "the job to complete");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.State), Is.EqualTo(Enumerable.Repeat("Succeeded", 4)), "every occurrence ran");
            Assert.That(runs.Count(r => r.Cause == "queued behind the previous run"), Is.GreaterThanOrEqualTo(1));
            Assert.That(NoOverlap(runs), Is.True, "two runs overlapped");
            Assert.That(Probe.Received<JobMissed>().Where(m => m.JobId == job.JobId), Is.Empty);
        });
    }

    [Test]
    public async Task Should_run_an_overlapping_occurrence_at_once_with_allow()
    {
        var job = Overlapping(OverlapPolicy.Allow);
        await ScheduleAsync(job);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, TimeSpan.FromSeconds(45), "the job to complete");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Has.Count.EqualTo(4));
            Assert.That(NoOverlap(runs), Is.False, "with Allow, a run starts while the previous one still runs");
        });
    }

    static bool NoOverlap(List<RunRow> runs)
    {
        var ordered = runs.OrderBy(r => r.StartedAt).ToList();
        return ordered.Zip(ordered.Skip(1), (a, b) => b.StartedAt >= a.FinishedAt).All(x => x);
    }
}
