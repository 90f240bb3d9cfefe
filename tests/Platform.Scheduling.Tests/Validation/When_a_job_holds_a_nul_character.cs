using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduling.Validation;

namespace Platform.Scheduling.Tests.Validation;

/// <summary>PostgreSQL stores no U+0000, so a job holding one anywhere it would be stored is rejected with the field named,
/// instead of being accepted and then failing in the database.</summary>
[TestFixture]
public sealed class When_a_job_holds_a_nul_character
{
    static readonly DateTimeOffset RunAt = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    static ScheduleJob Once() => new()
    {
        JobId = Guid.NewGuid(),
        JobType = "billing.invoice",
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = RunAt },
    };

    static IEnumerable<TestCaseData> Jobs()
    {
        yield return new TestCaseData(Once() with { Owner = "ops\0team" }, "owner").SetName("owner");
        yield return new TestCaseData(Once() with { Tags = new Dictionary<string, string> { ["te\0am"] = "ops" } }, "tags").SetName("tag key");
        yield return new TestCaseData(Once() with { Tags = new Dictionary<string, string> { ["team"] = "o\0ps" } }, "tags").SetName("tag value");
        yield return new TestCaseData(Once() with { Payload = JsonDocument.Parse("{\"a\":\"x\\u0000y\"}").RootElement }, "payload").SetName("payload string");
        yield return new TestCaseData(Once() with { Payload = JsonDocument.Parse("[1,{\"b\\u0000\":2}]").RootElement }, "payload").SetName("payload property name");
        yield return new TestCaseData(Once() with { Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 9 * * *\0" } }, "trigger.cron").SetName("cron");
        yield return new TestCaseData(Once() with { Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 9 * * *", TimeZone = "Europe/London\0" } }, "trigger.timeZone")
            .SetName("time zone");
        yield return new TestCaseData(Once() with { Trigger = new JobTrigger { Kind = TriggerKind.Event, EventType = "file\0.arrived" } }, "trigger.eventType").SetName("event type");
        yield return new TestCaseData(Once() with { Trigger = new JobTrigger { Kind = TriggerKind.Event, EventType = "file.arrived", EventKey = "k\0" } }, "trigger.eventKey")
            .SetName("event key");
    }

    [TestCaseSource(nameof(Jobs))]
    public void Should_reject_it_naming_the_field(ScheduleJob job, string field)
    {
        var errors = ScheduleJobValidator.Validate(job, ScheduleJobValidator.DefaultMaxPayloadBytes);

        Assert.That(errors.Select(e => (e.Field, e.Message)), Is.EqualTo(new[] { (field, ScheduleJobValidator.NulMessage) }));
    }

    [Test]
    public void Should_accept_an_escaped_backslash_before_u0000_in_a_payload_string() =>
        Assert.That(ScheduleJobValidator.Validate(Once() with { Payload = JsonDocument.Parse("{\"a\":\"\\\\u0000\"}").RootElement },
            ScheduleJobValidator.DefaultMaxPayloadBytes), Is.Empty);
}
