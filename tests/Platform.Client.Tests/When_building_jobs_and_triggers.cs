using System.Text.Json;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Scheduling.Validation;

namespace Platform.Client.Tests;

/// <summary>The builders produce what the scheduler accepts, with the fields each trigger kind uses, and payloads as the
/// worker's handlers read them.</summary>
[TestFixture]
public sealed class When_building_jobs_and_triggers
{
    static readonly DateTimeOffset At = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    sealed record ReportPayload(string Region, int Year);

    static IEnumerable<TestCaseData> Triggers()
    {
        yield return new TestCaseData(JobTriggers.OnceAt(At)).SetName("Should_build_a_once_trigger_the_scheduler_accepts");
        yield return new TestCaseData(JobTriggers.Every(TimeSpan.FromMinutes(15), startAt: At, maxRuns: 3)).SetName("Should_build_an_interval_trigger_the_scheduler_accepts");
        yield return new TestCaseData(JobTriggers.Cron("0 6 * * MON-FRI", "Europe/London", endAt: At.AddYears(1))).SetName("Should_build_a_cron_trigger_in_a_zone_the_scheduler_accepts");
        yield return new TestCaseData(JobTriggers.OnEvent("invoice.paid", key: "acme")).SetName("Should_build_an_event_trigger_the_scheduler_accepts");
    }

    [TestCaseSource(nameof(Triggers))]
    public void Should_build_a_trigger_the_scheduler_accepts(JobTrigger trigger)
    {
        var job = JobDefinitions.Create("reports.build", new ReportPayload("eu", 2030), trigger);

        Assert.That(ScheduleJobValidator.Validate(job, ScheduleJobValidator.DefaultMaxPayloadBytes), Is.Empty);
    }

    [Test]
    public void Should_write_the_payload_in_camel_case_with_a_new_job_id_each_time()
    {
        var first = JobDefinitions.Create("reports.build", new ReportPayload("eu", 2030), JobTriggers.OnceAt(At));
        var second = JobDefinitions.Create("reports.build", new ReportPayload("eu", 2030), JobTriggers.OnceAt(At));

        Assert.Multiple(() =>
        {
            Assert.That(first.Payload!.Value.GetRawText(), Is.EqualTo("""{"region":"eu","year":2030}"""));
            Assert.That(first.Payload!.Value.Deserialize<ReportPayload>(JsonSerializerOptions.Web), Is.EqualTo(new ReportPayload("eu", 2030)));
            Assert.That(first.JobId, Is.Not.EqualTo(Guid.Empty));
            Assert.That(second.JobId, Is.Not.EqualTo(first.JobId));
            Assert.That(first.Priority, Is.EqualTo(5), "the contract's defaults stay");
        });
    }

    [Test]
    public void Should_leave_out_the_payload_of_a_job_without_one()
    {
        var job = JobDefinitions.Create("platform.noop", JobTriggers.Every(TimeSpan.FromHours(1)));

        Assert.That(job.Payload, Is.Null);
    }
}
