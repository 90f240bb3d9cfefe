using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduling.Validation;

namespace Platform.Scheduling.Tests.Validation;

[TestFixture]
public sealed class When_validating_a_schedule_job
{
    const int MaxPayload = 1024;
    static readonly DateTimeOffset RunAt = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    static ScheduleJob Valid() => new()
    {
        JobId = Guid.NewGuid(),
        JobType = "billing.invoice",
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = RunAt },
    };

    static IEnumerable<string> Fields(ScheduleJob job) => ScheduleJobValidator.Validate(job, MaxPayload).Select(e => e.Field);

    [Test]
    public void Should_accept_a_minimal_once_job() => Assert.That(ScheduleJobValidator.Validate(Valid(), MaxPayload), Is.Empty);

    [Test]
    public void Should_report_every_bad_field_at_once()
    {
        var job = new ScheduleJob
        {
            JobType = "has spaces",
            Trigger = new JobTrigger { Kind = TriggerKind.Once, Cron = "* * * * *" },
            Priority = -1,
            Retry = new RetryPolicy { MaxAttempts = 101, InitialDelay = TimeSpan.FromSeconds(-1), Multiplier = 0.5, MaxDelay = TimeSpan.FromSeconds(-2) },
            Timeout = TimeSpan.Zero,
            Sla = new SlaPolicy { MaxStartDelay = TimeSpan.Zero, MaxRunDuration = TimeSpan.FromSeconds(-1), CompleteBy = TimeSpan.Zero },
            Overlap = (OverlapPolicy)42,
            Misfire = (MisfirePolicy)42,
            Owner = new string('x', 201),
        };

        Assert.That(Fields(job), Is.EquivalentTo(new[]
        {
            "jobId", "jobType", "trigger.runAt", "trigger.cron", "priority", "retry.maxAttempts", "retry.initialDelay", "retry.multiplier",
            "retry.maxDelay", "timeout", "sla.maxStartDelay", "sla.maxRunDuration", "sla.completeBy", "overlap", "misfire", "owner",
        }));
    }

    [Test]
    public void Should_require_a_trigger_and_its_kind()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fields(Valid() with { Trigger = null }), Is.EqualTo(new[] { "trigger" }));
            Assert.That(Fields(Valid() with { Trigger = new JobTrigger() }), Is.EqualTo(new[] { "trigger.kind" }));
            Assert.That(Fields(Valid() with { Trigger = new JobTrigger { Kind = (TriggerKind)9 } }), Is.EqualTo(new[] { "trigger.kind" }));
        });
    }

    [TestCase(0)]
    [TestCase(9)]
    public void Should_accept_priorities_at_the_bounds(int priority) =>
        Assert.That(Fields(Valid() with { Priority = priority }), Is.Empty);

    [Test]
    public void Should_reject_a_payload_over_the_limit()
    {
        var payload = System.Text.Json.JsonSerializer.SerializeToElement(new { data = new string('x', MaxPayload) });
        Assert.That(Fields(Valid() with { Payload = payload }), Is.EqualTo(new[] { "payload" }));
    }

    [Test]
    public void Should_reject_a_dependency_on_itself_or_twice()
    {
        var job = Valid();
        var parent = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            Assert.That(Fields(job with { DependsOn = [job.JobId] }), Is.EqualTo(new[] { "dependsOn" }));
            Assert.That(Fields(job with { DependsOn = [parent, parent] }), Is.EqualTo(new[] { "dependsOn" }));
            Assert.That(Fields(job with { DependsOn = [parent] }), Is.Empty);
        });
    }

    [Test]
    public void Should_say_what_is_accepted_in_each_message()
    {
        var errors = ScheduleJobValidator.Validate(Valid() with { Priority = 10 }, MaxPayload);
        Assert.That(errors.Single().Message, Does.Contain("0-9"));
    }

    static readonly DateTimeOffset StartAt = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static ScheduleJob With(JobTrigger trigger) => Valid() with { Trigger = trigger };

    static IReadOnlyList<FieldError> TriggerErrors(JobTrigger trigger) => ScheduleJobValidator.Validate(With(trigger), MaxPayload);

    static IEnumerable<string> TriggerFields(JobTrigger trigger) => TriggerErrors(trigger).Select(e => e.Field);

    static readonly JobTrigger Interval = new() { Kind = TriggerKind.Interval, Every = TimeSpan.FromMinutes(15) };
    static readonly JobTrigger Cron = new() { Kind = TriggerKind.Cron, Cron = "30 9 * * MON-FRI" };
    static readonly JobTrigger Event = new() { Kind = TriggerKind.Event, EventType = "invoice.paid" };

    [Test]
    public void Should_accept_interval_cron_and_event_triggers_with_every_optional_field()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TriggerFields(Interval), Is.Empty);
            Assert.That(TriggerFields(Interval with { Every = TimeSpan.FromSeconds(1), StartAt = StartAt, EndAt = StartAt.AddDays(1), MaxRuns = 1 }), Is.Empty);
            Assert.That(TriggerFields(Cron), Is.Empty);
            Assert.That(TriggerFields(Cron with { Cron = "0 30 9 ? * FRI#3", TimeZone = "Europe/London", StartAt = StartAt, EndAt = StartAt.AddYears(1), MaxRuns = 12 }), Is.Empty);
            Assert.That(TriggerFields(Event), Is.Empty);
            Assert.That(TriggerFields(Event with { EventKey = "customer-42", MaxRuns = 3 }), Is.Empty);
        });
    }

    [Test]
    public void Should_report_every_bad_field_of_an_interval_trigger_once()
    {
        var trigger = new JobTrigger
        {
            Kind = TriggerKind.Interval, StartAt = StartAt, EndAt = StartAt, MaxRuns = 0, RunAt = StartAt, Cron = "* * * * *",
            TimeZone = "UTC", EventType = "x", EventKey = "y",
        };
        Assert.That(TriggerFields(trigger), Is.EquivalentTo(new[]
        {
            "trigger.every", "trigger.endAt", "trigger.maxRuns", "trigger.runAt", "trigger.cron", "trigger.timeZone", "trigger.eventType",
            "trigger.eventKey",
        }));
    }

    [Test]
    public void Should_say_what_an_interval_trigger_accepts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TriggerErrors(Interval with { Every = null }).Single().Message, Does.StartWith("is required for an Interval trigger").And.Contains("at least 1 second"));
            Assert.That(TriggerErrors(Interval with { Every = TimeSpan.FromMilliseconds(999) }).Single().Message, Does.StartWith("must be at least 1 second"));
            Assert.That(TriggerErrors(Interval with { Every = TimeSpan.FromSeconds(-5) }).Single().Field, Is.EqualTo("trigger.every"));
            Assert.That(TriggerErrors(Interval with { StartAt = StartAt, EndAt = StartAt.AddTicks(-1) }).Single().Message, Is.EqualTo("must be after trigger.startAt"));
            Assert.That(TriggerErrors(Interval with { MaxRuns = -1 }).Single().Message, Is.EqualTo("must be at least 1 (leave it out for no limit)"));
            Assert.That(TriggerErrors(Interval with { Cron = "* * * * *" }).Single().Message, Is.EqualTo("does not apply to an Interval trigger"));
        });
    }

    [Test]
    public void Should_use_the_cron_parsers_message_for_a_bad_expression()
    {
        var error = TriggerErrors(Cron with { Cron = "61 9 * * *" }).Single();
        CronSchedule.TryParse("61 9 * * *", null, out _, out var expected);
        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo("trigger.cron"));
            Assert.That(error.Message, Is.EqualTo(expected));
            Assert.That(error.Message, Does.StartWith("minute field '61': '61' is out of range; it accepts 0-59"));
        });
    }

    [Test]
    public void Should_say_how_the_day_fields_combine_when_they_never_match_together()
    {
        var error = TriggerErrors(Cron with { Cron = "0 0 LW * */6" }).Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Field, Is.EqualTo("trigger.cron"));
            Assert.That(error.Message, Does.StartWith("the day-of-month ('LW'), month ('*') and day-of-week ('*/6') fields never match a real date")
                .And.EndWith($"({CronSchedule.DayFieldsRule})"));
        });
    }

    [Test]
    public void Should_require_a_cron_expression_and_say_what_one_looks_like() =>
        Assert.That(TriggerErrors(Cron with { Cron = " " }).Single(), Is.EqualTo(new FieldError
        {
            Field = "trigger.cron",
            Message = "is required for a Cron trigger: 5 fields (minute hour day-of-month month day-of-week), such as \"30 9 * * MON-FRI\", or 6 with seconds first",
        }));

    [Test]
    public void Should_reject_an_unknown_time_zone_on_its_own_field()
    {
        var errors = TriggerErrors(Cron with { TimeZone = "Europe/Atlantis" });
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "trigger.timeZone" }));
            Assert.That(errors.Single().Message, Does.StartWith("the time zone 'Europe/Atlantis' is unknown: give an IANA time zone id"));
        });
    }

    [Test]
    public void Should_report_every_bad_field_of_a_cron_trigger_once()
    {
        var trigger = new JobTrigger
        {
            Kind = TriggerKind.Cron, Cron = "0 0 30 2 *", TimeZone = "Eastern Standard Time", StartAt = StartAt, EndAt = StartAt.AddDays(-1),
            MaxRuns = 0, RunAt = StartAt, Every = TimeSpan.FromHours(1), EventType = "x", EventKey = "y",
        };
        Assert.That(TriggerFields(trigger), Is.EquivalentTo(new[]
        {
            "trigger.cron", "trigger.timeZone", "trigger.endAt", "trigger.maxRuns", "trigger.runAt", "trigger.every", "trigger.eventType",
            "trigger.eventKey",
        }));
    }

    [Test]
    public void Should_reject_a_cron_window_without_any_occurrence()
    {
        var errors = TriggerErrors(Cron with { Cron = "0 0 1 1 *", StartAt = StartAt.AddDays(1), EndAt = StartAt.AddDays(300) });
        Assert.Multiple(() =>
        {
            Assert.That(errors.Select(e => e.Field), Is.EqualTo(new[] { "trigger.endAt" }));
            Assert.That(errors.Single().Message, Is.EqualTo("leaves no occurrence of the cron expression between startAt and endAt"));
            Assert.That(TriggerFields(Cron with { Cron = "0 0 1 1 *", StartAt = StartAt, EndAt = StartAt.AddDays(1) }), Is.Empty, "startAt is inclusive");
        });
    }

    [Test]
    public void Should_report_every_bad_field_of_an_event_trigger_once()
    {
        var trigger = new JobTrigger
        {
            Kind = TriggerKind.Event, EventKey = "", MaxRuns = 0, RunAt = StartAt, Every = TimeSpan.FromHours(1), Cron = "* * * * *",
            TimeZone = "UTC", StartAt = StartAt, EndAt = StartAt.AddDays(1),
        };
        Assert.That(TriggerFields(trigger), Is.EquivalentTo(new[]
        {
            "trigger.eventType", "trigger.eventKey", "trigger.maxRuns", "trigger.runAt", "trigger.every", "trigger.cron", "trigger.timeZone",
            "trigger.startAt", "trigger.endAt",
        }));
    }

    [Test]
    public void Should_say_what_an_event_trigger_accepts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TriggerErrors(Event with { EventType = null }).Single().Message, Does.StartWith("is required for an Event trigger"));
            Assert.That(TriggerErrors(Event with { EventType = "has spaces" }).Single().Message, Does.StartWith("must be 1-200 characters of letters, digits"));
            Assert.That(TriggerErrors(Event with { EventKey = new string('k', 201) }).Single().Message, Does.Contain("leave it out to run on every event"));
            Assert.That(TriggerErrors(Event with { StartAt = StartAt }).Single().Message, Is.EqualTo("does not apply to an Event trigger"));
        });
    }
}
