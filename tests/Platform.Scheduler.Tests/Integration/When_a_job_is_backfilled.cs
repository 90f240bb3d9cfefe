using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduling.Backfill;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>BackfillJob: a job's occurrences of a past range run, each with cause backfill, under its overlap policy.</summary>
[TestFixture]
public sealed class When_a_job_is_backfilled : SchedulerScenario
{
    // Once a year on 1 January: the trigger fires nothing while the test runs, and 2020-2022 hold three occurrences.
    static ScheduleJob Yearly(OverlapPolicy overlap) =>
        Job(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 0 1 1 *" }, "platform.sleep", Sleep(400)) with { Overlap = overlap };

    static readonly DateTimeOffset From = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset To = new(2022, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Should_run_each_occurrence_once_after_another_with_skip()
    {
        var job = Yearly(OverlapPolicy.Skip);
        await ScheduleAsync(job);

        await Probe.Bus.Publish(new BackfillJob { JobId = job.JobId, From = From, To = To, Reason = "ledger was down" });

        await WaitForSucceededRunsAsync(job.JobId, 3);
        await Session.WaitUntilQuietAsync(Wait, "the backfill");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.ScheduledFor.UtcDateTime.Year), Is.EqualTo(new[] { 2020, 2021, 2022 }), "one run per occurrence");
            Assert.That(Session.Consumed<ExecuteJobRun>(r => r.JobId == job.JobId, by: "worker"), Has.Count.EqualTo(3), "runs delivered to the worker");
            Assert.That(Published<JobRunSucceeded>(s => s.JobId == job.JobId), Is.EqualTo(3), "JobRunSucceeded events");
            Assert.That(runs.Select(r => r.Cause), Has.All.EqualTo("backfill"));
            Assert.That(runs.Zip(runs.Skip(1), (a, b) => b.StartedAt >= a.FinishedAt), Has.All.True, "backfilled runs overlapped under Skip");
            Assert.That(Published<JobMissed>(m => m.JobId == job.JobId), Is.Zero, "a backfill drops none of its occurrences");
        });
    }

    [Test]
    public async Task Should_start_every_occurrence_at_once_with_allow()
    {
        var job = Yearly(OverlapPolicy.Allow);
        await ScheduleAsync(job);

        await Probe.Bus.Publish(new BackfillJob { JobId = job.JobId, From = From, To = To });

        await WaitForSucceededRunsAsync(job.JobId, 3);
        await Session.WaitUntilQuietAsync(Wait, "the backfill");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.ScheduledFor.UtcDateTime.Year), Is.EqualTo(new[] { 2020, 2021, 2022 }), "one run per occurrence");
            Assert.That(runs.Zip(runs.Skip(1), (a, b) => b.StartedAt < a.FinishedAt), Has.Some.True, "with Allow the runs overlap");
            Assert.That(Published<JobRunSucceeded>(s => s.JobId == job.JobId), Is.EqualTo(3), "JobRunSucceeded events");
        });
    }

    [Test]
    public async Task Should_reject_a_range_in_the_future_or_too_large()
    {
        var job = Job(new JobTrigger { Kind = TriggerKind.Cron, Cron = "* * * * * *" }) with { JobId = Guid.NewGuid() };
        var yearly = Job(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 0 1 1 *" });
        await ScheduleAsync(yearly);
        await ScheduleAsync(job);
        await Probe.Bus.Publish(new CancelJob { JobId = job.JobId });
        await Probe.WaitFor<JobCancelled>(c => c.JobId == job.JobId, Wait, "the every-second job to be cancelled");

        await Probe.Bus.Publish(new BackfillJob { JobId = yearly.JobId, From = Now.AddDays(-1), To = Now.AddDays(1) });
        var future = await Probe.WaitFor<JobRejected>(r => r.JobId == yearly.JobId, Wait, "the backfill into the future to be rejected");
        await Probe.Bus.Publish(new BackfillJob { JobId = job.JobId, From = Now.AddHours(-1), To = Now.AddMinutes(-1) });
        var cancelled = await Probe.WaitFor<JobRejected>(r => r.JobId == job.JobId, Wait, "the backfill of a cancelled job to be rejected");

        Assert.Multiple(() =>
        {
            Assert.That(future.Errors.Select(e => e.Field), Is.EqualTo(new[] { "to" }));
            Assert.That(future.Errors[0].Message, Does.Contain("future"));
            Assert.That(cancelled.Errors[0].Message, Does.Contain("Cancelled"));
        });
        Assert.That(BackfillPlan.Occurrences(job.Trigger!, Now, Now.AddHours(-1), Now), Has.Count.EqualTo(BackfillPlan.MaxOccurrences + 1),
            "an hour of every-second occurrences is more than one backfill may run");
    }

    Task WaitForSucceededRunsAsync(Guid jobId, int count) =>
        Eventually(async () => (await RunsAsync(jobId)).Count(r => r.State == "Succeeded") == count, TimeSpan.FromSeconds(45),
            $"{count} backfilled runs of job {jobId} to succeed");
}
