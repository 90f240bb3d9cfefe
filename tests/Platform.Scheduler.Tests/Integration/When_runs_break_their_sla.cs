using System.Net.Http.Json;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>SLA timers on the Quartz bridge: StartLate, RunTooLong (while the run still runs), MissedDeadline.</summary>
[TestFixture]
public sealed class When_runs_break_their_sla : SchedulerScenario
{
    /// <summary>One run at a time, so a run queued behind a slow one starts late.</summary>
    protected override Dictionary<string, string?> Settings => new() { ["Platform:Worker:ConcurrentRuns"] = "1" };

    [Test]
    public async Task Should_report_a_run_too_long_while_it_still_runs()
    {
        var job = Job(Once(Now), "platform.sleep", Sleep(3000)) with { Sla = new SlaPolicy { MaxRunDuration = TimeSpan.FromSeconds(1) } };
        await ScheduleAsync(job);

        var violated = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == job.JobId && v.Kind == SlaViolationKind.RunTooLong, Wait, "RunTooLong");
        var succeededBefore = Probe.Received<JobRunSucceeded>().Any(s => s.JobId == job.JobId);
        var succeeded = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the run to finish");
        Assert.Multiple(() =>
        {
            Assert.That(succeededBefore, Is.False, "RunTooLong came after the run had finished");
            Assert.That(violated.DetectedAt, Is.LessThan(succeeded.FinishedAt!.Value));
            Assert.That(violated.DetectedAt - violated.StartedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.LessThan(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public async Task Should_report_a_missed_deadline_and_a_late_start()
    {
        var blocker = Job(Once(Now), "platform.sleep", Sleep(3000));
        await ScheduleAsync(blocker);
        await Probe.WaitFor<JobRunStarted>(s => s.JobId == blocker.JobId, Wait, "the slow run to occupy the only slot");
        var late = Job(Once(Now)) with { Sla = new SlaPolicy { MaxStartDelay = TimeSpan.FromMilliseconds(500), CompleteBy = TimeSpan.FromSeconds(1) } };
        await ScheduleAsync(late);

        var startLate = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == late.JobId && v.Kind == SlaViolationKind.StartLate, Wait, "StartLate");
        var deadline = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == late.JobId && v.Kind == SlaViolationKind.MissedDeadline, Wait, "MissedDeadline");
        var ran = await Probe.WaitFor<JobRunStarted>(s => s.JobId == late.JobId, Wait, "the late run to start in the end");
        Assert.Multiple(() =>
        {
            Assert.That(startLate.StartedAt, Is.Null, "StartLate is raised before the run starts");
            Assert.That(startLate.DetectedAt, Is.LessThan(ran.StartedAt!.Value));
            Assert.That(deadline.DetectedAt - deadline.ScheduledFor, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task Should_not_report_a_run_that_kept_its_promises()
    {
        var job = Job(Once(Now)) with
        {
            Sla = new SlaPolicy { MaxStartDelay = TimeSpan.FromSeconds(20), MaxRunDuration = TimeSpan.FromSeconds(20), CompleteBy = TimeSpan.FromSeconds(2) },
        };
        await ScheduleAsync(job);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == job.JobId, Wait, "the run");
        // The completion deadline would have fired 2 s after the occurrence; a marker due after it shows that time passed.
        var marker = Job(Once(Now.AddSeconds(3)));
        await ScheduleAsync(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == marker.JobId, Wait, "the marker");
        Assert.That(Probe.Received<JobSlaViolated>().Where(v => v.JobId == job.JobId), Is.Empty);
    }

    [Test]
    public async Task Should_report_once_a_run_whose_start_deadline_had_passed_before_it_was_requested()
    {
        // Due 10 s ago and promised to start within 1 s: its start deadline timer is due at once, and the worker's start
        // report may reach the run machine before the timer does. Either way the late start is reported, and once.
        var job = Job(Once(Now.AddSeconds(-10))) with { Misfire = MisfirePolicy.FireOnce, Sla = new SlaPolicy { MaxStartDelay = TimeSpan.FromSeconds(1) } };
        await ScheduleAsync(job);
        var started = await Probe.WaitFor<JobRunStarted>(s => s.JobId == job.JobId, Wait, "the late run to start");
        var startLate = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == job.JobId && v.Kind == SlaViolationKind.StartLate, Wait, "StartLate");
        // A marker due after the timer's message has certainly been handled shows that no second report follows.
        var marker = Job(Once(Now.AddSeconds(2)));
        await ScheduleAsync(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == marker.JobId, Wait, "the marker");
        Assert.Multiple(() =>
        {
            Assert.That(Probe.Received<JobSlaViolated>().Count(v => v.JobId == job.JobId), Is.EqualTo(1), "one report of the late start");
            Assert.That(startLate.RunId, Is.EqualTo(started.RunId));
            Assert.That(startLate.StartedAt, Is.Null.Or.EqualTo(started.StartedAt), "reported by the timer before the start, or by the start");
        });
    }

    [Test]
    public async Task Should_report_a_late_start_shown_first_by_the_success_report()
    {
        // A queue of the test's own holds the job type's runs, so no worker runs it: the test reports for the worker, with
        // the success only, as when the start report is lost with a worker or consumed after the success.
        const string jobType = "test.start-report-lost";
        await DeclareHeldRunsQueueAsync(jobType);
        var job = Job(Once(Now), jobType) with { Priority = 5, Sla = new SlaPolicy { MaxStartDelay = TimeSpan.FromSeconds(2) } };
        await ScheduleAsync(job);
        var queued = await Probe.WaitFor<JobRunQueued>(q => q.JobId == job.JobId, Wait, "the run to be queued");
        var startedAt = queued.ScheduledFor.AddSeconds(5);
        // Reported before the start deadline's timer (2 s after the occurrence) fires: only the report shows the late start.
        await Probe.Bus.Publish(new JobRunSucceeded
        {
            JobId = job.JobId, RunId = queued.RunId, Attempt = 1, ScheduledFor = queued.ScheduledFor, FiredAt = queued.FiredAt,
            StartedAt = startedAt, FinishedAt = startedAt.AddMilliseconds(100), Worker = "test-worker",
        });
        var startLate = await Probe.WaitFor<JobSlaViolated>(v => v.JobId == job.JobId && v.Kind == SlaViolationKind.StartLate, Wait, "StartLate");
        // A marker due after the deadline's timer shows that no second report follows.
        var marker = Job(Once(Now.AddSeconds(3)));
        await ScheduleAsync(marker);
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == marker.JobId && s.Worker != "test-worker", Wait, "the marker");
        Assert.Multiple(() =>
        {
            Assert.That(Probe.Received<JobSlaViolated>().Count(v => v.JobId == job.JobId), Is.EqualTo(1), "one report of the late start");
            Assert.That(startLate.StartedAt, Is.EqualTo(startedAt), "reported from the success report's start");
        });
    }

    async Task DeclareHeldRunsQueueAsync(string jobType)
    {
        var queue = $"held-{jobType}";
        using (var declared = await Management.PutAsync(new Uri($"api/queues/{VirtualHost}/{queue}", UriKind.Relative), JsonContent.Create(new { durable = true })))
            declared.EnsureSuccessStatusCode();
        var exchange = Uri.EscapeDataString(Platform.Messaging.PlatformTopology.RunsExchange);
        using var bound = await Management.PostAsync(new Uri($"api/bindings/{VirtualHost}/e/{exchange}/q/{queue}", UriKind.Relative),
            JsonContent.Create(new { routing_key = Platform.Messaging.PlatformTopology.RunRoutingKey(jobType, 5) }));
        bound.EnsureSuccessStatusCode();
    }
}
