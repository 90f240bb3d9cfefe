using Platform.Contracts;
using Platform.Scheduler.Validation;
using NUnit.Framework;

namespace Platform.Scheduler.Tests.Validation;

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
}
