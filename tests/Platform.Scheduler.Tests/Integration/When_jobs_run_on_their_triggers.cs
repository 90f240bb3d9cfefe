using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>Interval, Cron and Event triggers end to end: fired by the trigger engine, run by a worker, recorded.</summary>
[TestFixture]
public sealed class When_jobs_run_on_their_triggers : SchedulerScenario
{
    /// <summary>A long lookahead, so a replaced version is surely held in the engine's memory when it is replaced.</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Platform:Triggers:Lookahead"] = "00:00:06" };

    [Test]
    public async Task Should_run_an_interval_job_every_period_until_max_runs_then_complete()
    {
        var job = Job(Every(TimeSpan.FromSeconds(1), maxRuns: 3));
        await ScheduleAsync(job);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the interval job to complete after 3 runs");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(async () =>
        {
            Assert.That(runs.Select(r => r.State), Is.EqualTo(new[] { "Succeeded", "Succeeded", "Succeeded" }));
            Assert.That(runs.Zip(runs.Skip(1), (a, b) => b.ScheduledFor - a.ScheduledFor), Has.All.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(runs.Zip(runs, (r, _) => r.StartedAt >= r.ScheduledFor), Has.All.True, "a run started before its occurrence");
            Assert.That(await JobStateAsync(job.JobId), Is.EqualTo("Completed"));
        });
    }

    [Test]
    public async Task Should_run_a_cron_job_with_seconds_at_its_times_in_its_time_zone()
    {
        var job = Job(new JobTrigger { Kind = TriggerKind.Cron, Cron = "*/2 * * * * *", TimeZone = "Asia/Kolkata", MaxRuns = 2 });
        var accepted = await ScheduleAsync(job);

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the cron job to complete after 2 runs");
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs, Has.Count.EqualTo(2));
            Assert.That(runs.Select(r => r.ScheduledFor.Second % 2), Has.All.Zero, "every even second");
            Assert.That(runs.Select(r => r.ScheduledFor.Millisecond), Has.All.Zero);
            Assert.That(runs[0].ScheduledFor, Is.EqualTo(accepted.NextRunAt), "JobAccepted announced the first occurrence");
        });
    }

    [Test]
    public async Task Should_run_an_event_job_for_each_matching_event_until_max_runs()
    {
        // Overlap Allow: the two events arrive together, and neither may be skipped because the other is running.
        var job = Job(new JobTrigger { Kind = TriggerKind.Event, EventType = "invoice.paid", EventKey = "eu", MaxRuns = 2 }) with
        {
            Overlap = OverlapPolicy.Allow,
        };
        await ScheduleAsync(job);
        var first = Now.AddSeconds(-1);

        await Probe.Bus.Publish(new ExternalEvent { EventType = "invoice.paid", Key = "us", OccurredAt = first.AddMilliseconds(-500) });
        await Probe.Bus.Publish(new ExternalEvent { EventType = "invoice.paid", Key = "eu", OccurredAt = first });
        await PublishRawJsonAsync("Platform.Contracts:ExternalEvent",
            $$"""{ "eventType": "invoice.paid", "key": "eu", "occurredAt": "{{first.AddMilliseconds(500):O}}", "payload": { "invoice": 7 } }""");

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "the event job to complete after 2 matching events");
        await Probe.Bus.Publish(new ExternalEvent { EventType = "invoice.paid", Key = "eu", OccurredAt = first.AddSeconds(1) });
        var runs = await RunsAsync(job.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.ScheduledFor).Order(), Is.EqualTo(new[] { first, first.AddMilliseconds(500) }).Using<DateTimeOffset>(
                (a, b) => Math.Abs((a - b).TotalMilliseconds) < 0.01),
                $"one run per matching event, at the event's time; the 'us' one did not match: {string.Join(", ", runs)}");
            Assert.That(runs.Select(r => r.Cause), Has.All.StartsWith("event invoice.paid"));
        });
    }

    [Test]
    public async Task Should_run_a_job_now_when_triggered()
    {
        var job = Job(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 0 1 1 *" });
        await ScheduleAsync(job);

        await Probe.Bus.Publish(new TriggerJobNow { JobId = job.JobId, Reason = "re-run after a fix" });

        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the triggered run");
        var run = (await RunsAsync(job.JobId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(run.RunId, Is.EqualTo(succeeded.RunId));
            Assert.That(run.Cause, Is.EqualTo("triggered now: re-run after a fix"));
        });
    }

    [Test]
    public async Task Should_never_fire_the_old_definition_after_the_new_one_is_accepted()
    {
        var oldRunAt = Now.AddSeconds(4);
        var job = Job(Once(oldRunAt));
        await ScheduleAsync(job);
        var replacement = job with { Trigger = Once(Now.AddSeconds(1)), Priority = 8 };
        await Probe.Bus.Publish(replacement);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId && a.Version == 2, Wait, "version 2 to be accepted");

        await Probe.WaitFor<JobCompleted>(c => c.JobId == job.JobId, Wait, "version 2 to run and the job to complete");
        // Due just after the old version's time: once this has run, the old version would have fired too.
        var marker = Job(Once(oldRunAt.AddMilliseconds(500)));
        await ScheduleAsync(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == marker.JobId, Wait, "the marker job after the old version's time");

        var runs = await RunsAsync(job.JobId);
        Assert.That(runs.Select(r => r.ScheduledFor), Is.EqualTo(new[] { replacement.Trigger!.RunAt!.Value }).Using<DateTimeOffset>(
            (a, b) => Math.Abs((a - b).TotalMilliseconds) < 0.01), "only version 2's occurrence ran");
    }
}
