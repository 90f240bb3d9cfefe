using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Concurrency: a burst of reports about one run, consumed concurrently by the run state machine (optimistic
/// concurrency on xmin, conflicts retried), ends in one consistent final state.</summary>
[TestFixture]
public sealed class When_many_reports_about_one_run_arrive_at_once : SchedulerScenario
{
    [Test]
    public async Task Should_end_in_one_consistent_final_state()
    {
        var job = Job(Once(Now), "platform.sleep", Sleep(3000));
        await ScheduleAsync(job);
        var started = await Probe.WaitFor<JobRunStarted>(s => s.JobId == job.JobId, Wait, "the run to start");

        var burst = Enumerable.Range(0, 40).Select(i => Probe.Bus.Publish(new JobRunHeartbeat
            {
                JobId = job.JobId, RunId = started.RunId, Attempt = 1, Worker = started.Worker, At = Now, Progress = i, Message = $"step {i}",
            }))
            .Concat(Enumerable.Range(0, 10).Select(_ => Probe.Bus.Publish(started)))
            .Concat(Enumerable.Range(0, 10).Select(_ => Probe.Bus.Publish(new JobRunFailed
            {
                JobId = job.JobId, RunId = started.RunId, Attempt = 0, ScheduledFor = started.ScheduledFor, Error = "a stale report of an older attempt",
            })));
        await Task.WhenAll(burst);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the job to complete");
        // A duplicate completion or a late stale report would still be in flight until the session is quiet.
        await Session.WaitUntilQuietAsync(Wait, "the burst of reports");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(async () =>
        {
            Assert.That(runs.Single().State, Is.EqualTo("Succeeded"));
            Assert.That(runs.Single().Attempt, Is.EqualTo(1));
            Assert.That(runs.Single().Error, Is.Null, "a stale failure report changed the run");
            Assert.That(Published<JobCompleted>(c => c.JobId == job.JobId), Is.EqualTo(1), "JobCompleted published once");
            Assert.That(Published<JobRunSucceeded>(c => c.RunId == started.RunId), Is.EqualTo(1), "JobRunSucceeded published once");
            Assert.That(await JobStateAsync(job.JobId), Is.EqualTo("Completed"));
        });
    }
}
