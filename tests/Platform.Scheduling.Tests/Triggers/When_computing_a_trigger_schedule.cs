using NUnit.Framework;
using Platform.Contracts;
using static Platform.Scheduling.Tests.Firing;

namespace Platform.Scheduling.Tests.Triggers;

[TestFixture]
public sealed class When_computing_a_trigger_schedule
{
    static readonly DateTimeOffset Anchor = Instant("2030-01-01T00:00:00Z");

    static ITriggerSchedule Create(JobTrigger trigger) => TriggerSchedules.Create(trigger, Anchor);

    [Test]
    public void Should_fire_a_once_trigger_at_run_at_and_then_never()
    {
        var schedule = Create(new JobTrigger { Kind = TriggerKind.Once, RunAt = Instant("2030-01-01T10:00:00+02:00") });
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Anchor), Is.EqualTo(Instant("2030-01-01T08:00:00Z")));
            Assert.That(schedule.Next(Anchor)!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
            Assert.That(schedule.Next(Instant("2030-01-01T08:00:00Z")), Is.Null);
            Assert.That(schedule.Between(Anchor, Instant("2030-01-02T00:00:00Z")), Is.EqualTo(new[] { Instant("2030-01-01T08:00:00Z") }));
            Assert.That(schedule.Between(Instant("2030-01-01T08:00:00Z"), Instant("2030-01-02T00:00:00Z")), Is.Empty);
        });
    }

    [Test]
    public void Should_start_an_interval_at_the_anchor_when_start_at_is_absent()
    {
        var schedule = Create(new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.FromMinutes(10) });
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Anchor.AddTicks(-1)), Is.EqualTo(Anchor));
            Assert.That(schedule.Next(Anchor), Is.EqualTo(Anchor.AddMinutes(10)));
            Assert.That(schedule.Next(Anchor.AddMinutes(25)), Is.EqualTo(Anchor.AddMinutes(30)));
        });
    }

    [Test]
    public void Should_run_an_interval_from_start_at_to_end_at_inclusive()
    {
        var start = Instant("2030-01-01T09:00:00Z");
        var schedule = Create(new JobTrigger
        {
            Kind = TriggerKind.Interval, Every = TimeSpan.FromHours(1), StartAt = start, EndAt = start.AddHours(3),
        });
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Anchor), Is.EqualTo(start));
            Assert.That(schedule.Next(start.AddHours(2)), Is.EqualTo(start.AddHours(3)));
            Assert.That(schedule.Next(start.AddHours(3)), Is.Null);
            Assert.That(schedule.Between(Anchor, DateTimeOffset.MaxValue).Count(), Is.EqualTo(4));
        });
    }

    [Test]
    public void Should_list_every_interval_occurrence_missed_while_the_scheduler_was_down()
    {
        var schedule = Create(new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.FromMinutes(15) });
        var down = Anchor.AddMinutes(20);
        var up = Anchor.AddMinutes(90);
        Assert.That(schedule.Between(down, up), Is.EqualTo(new[]
        {
            Anchor.AddMinutes(30), Anchor.AddMinutes(45), Anchor.AddMinutes(60), Anchor.AddMinutes(75), Anchor.AddMinutes(90),
        }));
    }

    [Test]
    public void Should_have_no_interval_occurrence_when_end_at_is_before_start_at()
    {
        var schedule = Create(new JobTrigger
        {
            Kind = TriggerKind.Interval, Every = TimeSpan.FromHours(1), StartAt = Anchor, EndAt = Anchor.AddTicks(-1),
        });
        Assert.That(schedule.Next(DateTimeOffset.MinValue), Is.Null);
    }

    [Test]
    public void Should_run_an_interval_for_ever_without_end_at_and_stop_at_the_end_of_the_calendar()
    {
        var schedule = Create(new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.FromDays(365) });
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Anchor.AddYears(1000)), Is.Not.Null);
            Assert.That(schedule.Next(DateTimeOffset.MaxValue.AddDays(-100)), Is.Null);
        });
    }

    [Test]
    public void Should_read_a_cron_trigger_in_its_time_zone_between_start_at_and_end_at()
    {
        var schedule = Create(new JobTrigger
        {
            Kind = TriggerKind.Cron,
            Cron = "0 9 * * MON-FRI",
            TimeZone = "Europe/Paris",
            StartAt = Instant("2030-01-02T09:00:00+01:00"),
            EndAt = Instant("2030-01-04T09:00:00+01:00"),
        });
        Assert.Multiple(() =>
        {
            Assert.That(schedule.Next(Anchor), Is.EqualTo(Instant("2030-01-02T09:00:00+01:00")), "startAt is inclusive");
            Assert.That(schedule.Between(Anchor, DateTimeOffset.MaxValue), Is.EqualTo(new[]
            {
                Instant("2030-01-02T08:00:00Z"), Instant("2030-01-03T08:00:00Z"), Instant("2030-01-04T08:00:00Z"),
            }), "endAt is inclusive");
            Assert.That(schedule.Next(Instant("2030-01-04T09:00:00+01:00")), Is.Null);
        });
    }

    [Test]
    public void Should_read_a_cron_trigger_in_utc_without_a_time_zone()
    {
        var schedule = Create(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 9 * * *" });
        Assert.That(schedule.Next(Anchor), Is.EqualTo(Instant("2030-01-01T09:00:00Z")));
    }

    [Test]
    public void Should_list_the_cron_occurrences_missed_while_the_scheduler_was_down() =>
        Assert.That(Create(new JobTrigger { Kind = TriggerKind.Cron, Cron = "*/30 * * * *" })
                .Between(Instant("2030-01-01T10:10:00Z"), Instant("2030-01-01T11:30:00Z")),
            Is.EqualTo(new[] { Instant("2030-01-01T10:30:00Z"), Instant("2030-01-01T11:00:00Z"), Instant("2030-01-01T11:30:00Z") }));

    [Test]
    public void Should_refuse_to_schedule_an_event_trigger_by_time()
    {
        var trigger = new JobTrigger { Kind = TriggerKind.Event, EventType = "invoice.paid" };
        Assert.Multiple(() =>
        {
            Assert.That(TriggerSchedules.HasTimeSchedule(trigger), Is.False);
            Assert.That(() => Create(trigger), Throws.ArgumentException.With.Message.Contains("an Event trigger has no time schedule"));
        });
    }

    [Test]
    public void Should_say_which_kinds_have_a_time_schedule()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TriggerSchedules.HasTimeSchedule(new JobTrigger { Kind = TriggerKind.Once }), Is.True);
            Assert.That(TriggerSchedules.HasTimeSchedule(new JobTrigger { Kind = TriggerKind.Interval }), Is.True);
            Assert.That(TriggerSchedules.HasTimeSchedule(new JobTrigger { Kind = TriggerKind.Cron }), Is.True);
            Assert.That(TriggerSchedules.HasTimeSchedule(new JobTrigger()), Is.False);
        });
    }

    [Test]
    public void Should_throw_for_a_trigger_that_validation_would_reject()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Create(new JobTrigger { Kind = TriggerKind.Once }), Throws.ArgumentException.With.Message.Contains("runAt"));
            Assert.That(() => Create(new JobTrigger { Kind = TriggerKind.Interval, Every = TimeSpan.Zero }),
                Throws.ArgumentException.With.Message.Contains("positive every"));
            Assert.That(() => Create(new JobTrigger { Kind = TriggerKind.Cron }), Throws.ArgumentException.With.Message.Contains("needs cron"));
            Assert.That(() => Create(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 25 * * *" }),
                Throws.TypeOf<InvalidCronScheduleException>().With.Message.Contains("hour field '25'"));
            Assert.That(() => Create(new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 1 * * *", TimeZone = "Nowhere/Town" }),
                Throws.TypeOf<InvalidCronScheduleException>().With.Message.Contains("'Nowhere/Town' is unknown"));
            Assert.That(() => Create(new JobTrigger()), Throws.ArgumentException.With.Message.Contains("is not Once, Interval, Cron or Event"));
        });
    }
}
