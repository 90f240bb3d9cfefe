using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduling;

namespace Platform.Triggers.Tests;

/// <summary>The pure misfire decisions, on fixed instants.</summary>
[TestFixture]
public sealed class When_planning_a_fire
{
    static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);
    static readonly ITriggerSchedule EveryMinute = TriggerSchedules.Create(new JobTrigger { Kind = TriggerKind.Interval, Every = Minute, StartAt = Start }, Start);

    static readonly ITriggerSchedule OnceAtStart = TriggerSchedules.Create(new JobTrigger { Kind = TriggerKind.Once, RunAt = Start }, Start);

    static FirePlan Plan(MisfirePolicy policy, DateTimeOffset now, int? maxRuns = null, int fireCount = 0, int catchUpLimit = 100, int missedLimit = 1000) =>
        FirePlanner.Plan(Start, policy, maxRuns, fireCount, EveryMinute, now, Threshold, catchUpLimit, missedLimit);

    [Test]
    public void Should_fire_on_time_within_the_threshold()
    {
        var plan = Plan(MisfirePolicy.Skip, Start + Threshold);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Fires, Is.EqualTo(new[] { new PlannedFire(Start, FireKind.OnTime) }));
            Assert.That(plan.Next, Is.EqualTo(Start + Minute));
            Assert.That(plan.Runs, Is.EqualTo(1));
        });
    }

    [Test]
    public void Should_coalesce_missed_occurrences_into_the_latest_for_fire_once()
    {
        var plan = Plan(MisfirePolicy.FireOnce, Start.AddMinutes(5).AddSeconds(30));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Fires.Select(f => f.Kind), Is.EqualTo(Enumerable.Repeat(FireKind.Coalesced, 5).Append(FireKind.Misfired)));
            Assert.That(plan.Fires[^1].ScheduledFor, Is.EqualTo(Start.AddMinutes(5)));
            Assert.That(plan.Next, Is.EqualTo(Start.AddMinutes(6)), "the schedule resumes after now");
            Assert.That(plan.Runs, Is.EqualTo(1));
        });
    }

    [Test]
    public void Should_record_every_missed_occurrence_for_skip()
    {
        var plan = Plan(MisfirePolicy.Skip, Start.AddMinutes(3).AddSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Fires.Select(f => f.ScheduledFor), Is.EqualTo(new[] { Start, Start.AddMinutes(1), Start.AddMinutes(2), Start.AddMinutes(3) }));
            Assert.That(plan.Fires, Has.All.Property(nameof(PlannedFire.Kind)).EqualTo(FireKind.Missed));
            Assert.That(plan.Runs, Is.Zero);
        });
    }

    [Test]
    public void Should_catch_up_oldest_first_up_to_the_limit()
    {
        var plan = Plan(MisfirePolicy.CatchUp, Start.AddMinutes(9).AddSeconds(1), catchUpLimit: 3);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Fires.Take(3), Has.All.Property(nameof(PlannedFire.Kind)).EqualTo(FireKind.CaughtUp));
            Assert.That(plan.Fires.Take(3).Select(f => f.ScheduledFor), Is.EqualTo(new[] { Start, Start.AddMinutes(1), Start.AddMinutes(2) }));
            Assert.That(plan.Fires.Skip(3), Has.All.Property(nameof(PlannedFire.Kind)).EqualTo(FireKind.Missed));
            Assert.That(plan.Fires, Has.Count.EqualTo(10));
            Assert.That(plan.Runs, Is.EqualTo(3));
        });
    }

    [Test]
    public void Should_stop_at_max_runs_even_when_catching_up()
    {
        var plan = Plan(MisfirePolicy.CatchUp, Start.AddMinutes(9).AddSeconds(1), maxRuns: 5, fireCount: 3);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Runs, Is.EqualTo(2));
            Assert.That(plan.Next, Is.Null, "maxRuns reached");
        });
    }

    [Test]
    public void Should_bound_the_missed_records_and_resume_after_now()
    {
        var plan = Plan(MisfirePolicy.Skip, Start.AddDays(30), missedLimit: 50);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Fires, Has.Count.EqualTo(50));
            Assert.That(plan.Next, Is.EqualTo(Start.AddDays(30).AddMinutes(1)));
        });
    }

    [Test]
    public void Should_end_a_once_trigger_after_its_fire() =>
        Assert.That(FirePlanner.Plan(Start, MisfirePolicy.FireOnce, null, 0, OnceAtStart, Start, Threshold, 100, 1000).Next, Is.Null);
}
