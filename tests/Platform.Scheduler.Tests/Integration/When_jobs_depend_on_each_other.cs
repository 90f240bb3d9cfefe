using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>dependsOn: a run waits for its parents' runs after its scheduled time; a parent that gives up skips it.</summary>
[TestFixture]
public sealed class When_jobs_depend_on_each_other : SchedulerScenario
{
    [Test]
    public async Task Should_reject_an_unknown_parent()
    {
        var child = Job(Once(Now.AddMinutes(5))) with { DependsOn = [Guid.NewGuid()] };
        await Probe.Bus.Publish(child);
        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == child.JobId, Wait, "the child to be rejected");
        Assert.That(rejected.Errors.Select(e => (e.Field, e.Message.Contains("unknown", StringComparison.Ordinal))), Is.EqualTo(new[] { ("dependsOn", true) }));
    }

    [Test]
    public async Task Should_reject_a_cycle()
    {
        var a = Job(Once(Now.AddMinutes(5)));
        await ScheduleAsync(a);
        var b = Job(Once(Now.AddMinutes(5))) with { DependsOn = [a.JobId] };
        await ScheduleAsync(b);

        var cyclic = a with { DependsOn = [b.JobId] };
        await Probe.Bus.Publish(cyclic);
        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == a.JobId, Wait, "the cycle to be rejected");
        Assert.That(rejected.Errors.Single().Message, Does.Contain("cycle"));
    }

    [Test]
    public async Task Should_start_a_child_run_when_its_parent_succeeded_after_its_time()
    {
        var parent = Job(Once(Now.AddSeconds(3)), "platform.sleep", Sleep(300));
        await ScheduleAsync(parent);
        var child = Job(Once(Now.AddSeconds(1))) with { DependsOn = [parent.JobId] };
        await ScheduleAsync(child);

        var childRun = await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == child.JobId, Wait, "the child run");
        var parentRun = Probe.Received<JobRunSucceeded>().Single(s => s.JobId == parent.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(childRun.StartedAt, Is.GreaterThanOrEqualTo(parentRun.FinishedAt!.Value), "the child started before its parent finished");
            Assert.That(childRun.ScheduledFor, Is.LessThan(parentRun.ScheduledFor), "the child's occurrence came first and waited");
        });
    }

    [Test]
    public async Task Should_skip_a_child_run_when_its_parent_dead_letters()
    {
        var parent = Job(Once(Now.AddSeconds(2)), "platform.fail", new { failTimes = 5 }) with
        {
            Retry = new RetryPolicy { MaxAttempts = 1 },
        };
        await ScheduleAsync(parent);
        var child = Job(Once(Now.AddSeconds(1))) with { DependsOn = [parent.JobId] };
        await ScheduleAsync(child);

        await Probe.WaitFor<JobRunDeadLettered>(d => d.JobId == parent.JobId, Wait, "the parent to dead-letter");
        var missed = await Probe.WaitFor<JobMissed>(m => m.JobId == child.JobId, Wait, "the child to be skipped");
        var run = (await RunsAsync(child.JobId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(missed.Reason, Does.Contain(parent.JobId.ToString()).And.Contain("DeadLettered"));
            Assert.That(run.State, Is.EqualTo("Skipped"));
            Assert.That(Probe.Received<JobRunStarted>().Any(s => s.JobId == child.JobId), Is.False, "the child ran");
        });
    }
}
