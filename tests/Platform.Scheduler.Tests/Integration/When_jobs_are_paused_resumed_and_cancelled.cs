using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>PauseJob, ResumeJob and CancelJob, and commands that do not apply.</summary>
[TestFixture]
public sealed class When_jobs_are_paused_resumed_and_cancelled : SchedulerScenario
{
    protected override Dictionary<string, string?> Settings => new() { ["Platform:Triggers:MisfireThreshold"] = "00:00:01" };

    [Test]
    public async Task Should_not_fire_while_paused_and_apply_the_misfire_policy_on_resume()
    {
        var job = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 100)) with { Misfire = MisfirePolicy.FireOnce };
        await ScheduleAsync(job);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "a first run");

        await Probe.Bus.Publish(new PauseJob { JobId = job.JobId, Reason = "month-end freeze" });
        var paused = await Probe.WaitFor<JobPaused>(p => p.JobId == job.JobId, Wait, "JobPaused");
        var runsAtPause = (await RunsAsync(job.JobId)).Count;
        // The pause is the scenario: 4 s is 4 occurrences, past the 1 s misfire threshold.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var runsWhilePaused = (await RunsAsync(job.JobId)).Count - runsAtPause;

        await Probe.Bus.Publish(new ResumeJob { JobId = job.JobId });
        await Probe.WaitFor<JobResumed>(r => r.JobId == job.JobId, Wait, "JobResumed");
        await Eventually(async () => (await RunsAsync(job.JobId)).Any(r => r.Cause.StartsWith("misfire", StringComparison.Ordinal)), Wait,
            "the catch-up run after resume");
        var misfired = (await RunsAsync(job.JobId)).Where(r => r.Cause.StartsWith("misfire", StringComparison.Ordinal)).ToList();
        await Probe.Bus.Publish(new CancelJob { JobId = job.JobId });
        Assert.Multiple(() =>
        {
            Assert.That(paused.Reason, Is.EqualTo("month-end freeze"));
            Assert.That(runsWhilePaused, Is.LessThanOrEqualTo(1), "runs started while paused (one may have been firing as the pause arrived)");
            Assert.That(misfired, Has.Count.EqualTo(1), "FireOnce: one catch-up run for what passed while paused");
        });
    }

    [Test]
    public async Task Should_stop_a_cancelled_job_for_good()
    {
        var job = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 100));
        await ScheduleAsync(job);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "a first run");

        await Probe.Bus.Publish(new CancelJob { JobId = job.JobId, Reason = "customer churned" });
        await Probe.WaitFor<JobCancelled>(c => c.JobId == job.JobId, Wait, "JobCancelled");
        var runsAtCancel = (await RunsAsync(job.JobId)).Count;
        // A marker due 3 s later (3 occurrences of the cancelled job): once it ran, the cancelled job would have run again.
        var marker = Job(Once(Now.AddSeconds(3)));
        await ScheduleAsync(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == marker.JobId, Wait, "the marker job");
        Assert.Multiple(async () =>
        {
            Assert.That((await RunsAsync(job.JobId)).Count, Is.LessThanOrEqualTo(runsAtCancel + 1), "runs after the cancel");
            Assert.That(await JobStateAsync(job.JobId), Is.EqualTo("Cancelled"));
        });
    }

    [Test]
    public async Task Should_reject_commands_for_an_unknown_job()
    {
        var unknown = Guid.NewGuid();
        await Probe.Bus.Publish(new PauseJob { JobId = unknown });
        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == unknown, Wait, "the pause of an unknown job to be rejected");
        Assert.That(rejected.Errors.Single().Field, Is.EqualTo("jobId"));
    }

    [Test]
    public async Task Should_reject_resuming_a_completed_job()
    {
        var job = Job(Once(Now));
        await ScheduleAsync(job);
        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the job to complete");

        await Probe.Bus.Publish(new ResumeJob { JobId = job.JobId });
        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the resume to be rejected");
        Assert.That(rejected.Errors.Single().Message, Does.Contain("Completed"));
    }
}
