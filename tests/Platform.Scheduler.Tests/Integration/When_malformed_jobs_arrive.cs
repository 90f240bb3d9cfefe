using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// The input suite of issue 15: malformed ScheduleJobs through both entry points, the broker (raw JSON, as a service in
/// another language publishes it) and the REST API, each with its exact outcome: a JobRejected (or 400 problem details)
/// naming exactly the bad fields, or, for a message that cannot be read at all, the scheduler's error queue with the
/// reason. Never a 500, never an accepted job, never a lost good message: a good job sent after all of them still runs.
/// </summary>
[TestFixture]
public sealed class When_malformed_jobs_arrive : SchedulerScenario
{
    const int MaxPayloadBytes = 2048;
    WebApplicationFactory<Program>? _api;
    HttpClient? _http;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Platform:Scheduler:MaxPayloadBytes"] = MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Platform:Api:MaxPayloadBytes"] = MaxPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    HttpClient Http => _http!;

    [OneTimeSetUp]
    public void StartApi()
    {
        var configuration = Configuration();
        configuration["Platform:Api:ConnectionString"] = ConnectionString;
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
        });
        _http = _api.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _http?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
    }

    const string Valid = """ "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } """;

    static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    /// <summary>Job bodies (without jobId) that a validator refuses, with exactly the fields it must name.</summary>
    static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string name, string body, params string[] fields) => new TestCaseData(body, fields).SetArgDisplayNames(name);

        yield return Case("no job type", """ "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } """, "jobType");
        yield return Case("empty job type", """ "jobType": "", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } """, "jobType");
        yield return Case("blank job type", """ "jobType": "   ", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } """, "jobType");
        yield return Case("job type too long", $$""" "jobType": "{{new string('j', 201)}}", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" } """, "jobType");
        yield return Case("no trigger", """ "jobType": "platform.noop" """, "trigger");
        yield return Case("once without runAt", """ "jobType": "platform.noop", "trigger": { "kind": "Once" } """, "trigger.runAt");
        yield return Case("interval without every", """ "jobType": "platform.noop", "trigger": { "kind": "Interval" } """, "trigger.every");
        yield return Case("interval every zero", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "00:00:00" } """, "trigger.every");
        yield return Case("interval every negative", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "-00:00:05" } """, "trigger.every");
        yield return Case("cron without expression", """ "jobType": "platform.noop", "trigger": { "kind": "Cron" } """, "trigger.cron");
        yield return Case("cron of three fields", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "* * *" } """, "trigger.cron");
        yield return Case("cron minute 61", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "61 * * * *" } """, "trigger.cron");
        yield return Case("cron of letters", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "every day" } """, "trigger.cron");
        yield return Case("cron on 30 February", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "0 0 30 2 *" } """, "trigger.cron");
        yield return Case("cron in an unknown zone", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "0 * * * *", "timeZone": "Mars/Olympus" } """, "trigger.timeZone");
        yield return Case("cron with NUL", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "0 *\u0000 * * *" } """, "trigger.cron");
        yield return Case("zone with NUL", """ "jobType": "platform.noop", "trigger": { "kind": "Cron", "cron": "0 * * * *", "timeZone": "Europe/\u0000London" } """, "trigger.timeZone");
        yield return Case("event without type", """ "jobType": "platform.noop", "trigger": { "kind": "Event" } """, "trigger.eventType");
        yield return Case("event type with NUL", """ "jobType": "platform.noop", "trigger": { "kind": "Event", "eventType": "order\u0000placed" } """, "trigger.eventType");
        yield return Case("end before start", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "00:01:00", "startAt": "2099-01-02T00:00:00Z", "endAt": "2099-01-01T00:00:00Z" } """, "trigger.endAt");
        yield return Case("max runs zero", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "00:01:00", "maxRuns": 0 } """, "trigger.maxRuns");
        yield return Case("max runs negative", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "00:01:00", "maxRuns": -3 } """, "trigger.maxRuns");
        yield return Case("priority negative", Valid + """, "priority": -1 """, "priority");
        yield return Case("priority ten", Valid + """, "priority": 10 """, "priority");
        yield return Case("no attempts", Valid + """, "retry": { "maxAttempts": 0 } """, "retry.maxAttempts");
        yield return Case("multiplier below one", Valid + """, "retry": { "maxAttempts": 3, "multiplier": 0.5 } """, "retry.multiplier");
        yield return Case("multiplier huge", Valid + """, "retry": { "maxAttempts": 3, "multiplier": 1e300 } """, "retry.multiplier");
        yield return Case("negative timeout", Valid + """, "timeout": "-00:00:01" """, "timeout");
        yield return Case("owner with NUL", Valid + """, "owner": "bil\u0000ling" """, "owner");
        yield return Case("owner too long", Valid + $$""", "owner": "{{new string('o', 201)}}" """, "owner");
        yield return Case("tag value with NUL", Valid + """, "tags": { "team": "a\u0000b" } """, "tags");
        yield return Case("too many tags", Valid + ", \"tags\": { " + string.Join(", ", Enumerable.Range(0, 51).Select(i => $"\"k{i}\": \"v\"")) + " }", "tags");
        yield return Case("payload string with NUL", Valid + """, "payload": { "note": "a\u0000b" } """, "payload");
        yield return Case("payload property with NUL", Valid + """, "payload": { "no\u0000te": 1 } """, "payload");
        yield return Case("payload over the limit", Valid + $$""", "payload": { "blob": "{{new string('p', MaxPayloadBytes)}}" } """, "payload");
        yield return Case("depends on an unknown job", Valid + """, "dependsOn": [ "6f1d5d2e-0000-4000-8000-000000000001" ] """, "dependsOn");
        yield return Case("depends on the same job twice", Valid + """, "dependsOn": [ "6f1d5d2e-0000-4000-8000-000000000002", "6f1d5d2e-0000-4000-8000-000000000002" ] """, "dependsOn");
        yield return Case("negative start deadline", Valid + """, "sla": { "maxStartDelay": "-00:00:01" } """, "sla.maxStartDelay");
        yield return Case("several bad fields", """ "jobType": "", "trigger": { "kind": "Once" }, "priority": 12, "timeout": "-00:00:01" """,
            "jobType", "trigger.runAt", "priority", "timeout");
    }

    /// <summary>Messages that cannot be read as a ScheduleJob at all: over the broker they are parked with the reader's
    /// reason (no JobRejected: nothing readable says which job they were), over HTTP they get a 400.</summary>
    static IEnumerable<TestCaseData> Unreadable()
    {
        TestCaseData Case(string name, string body) => new TestCaseData(body).SetArgDisplayNames(name);

        yield return Case("priority as text", Valid + """, "priority": "high" """);
        yield return Case("unknown misfire policy", Valid + """, "misfire": "Sometimes" """);
        yield return Case("unknown trigger kind", """ "jobType": "platform.noop", "trigger": { "kind": "Hourly" } """);
        yield return Case("run at not an instant", """ "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "tomorrow" } """);
        yield return Case("every not a duration", """ "jobType": "platform.noop", "trigger": { "kind": "Interval", "every": "5 minutes" } """);
        yield return Case("tags as a list", Valid + """, "tags": [ "a", "b" ] """);
        yield return Case("tag value a number", Valid + """, "tags": { "team": 7 } """);
        yield return Case("depends on not a guid", Valid + """, "dependsOn": [ "parent" ] """);
        yield return Case("payload nested too deep", Valid + ", \"payload\": " + Nested(200));
        // MassTransit's reader refuses these maps before any validator sees them (the API's reader names the field).
        yield return Case("tag with an empty key", Valid + """, "tags": { "": "x" } """);
        yield return Case("tags naming a key twice", Valid + """, "tags": { "team": "a", "team": "b" } """);
    }

    static string AmqpMessage(Guid jobId, string body) => $$"""{ "jobId": "{{jobId}}", {{body}} }""";

    [Test, Order(1)]
    [TestCaseSource(nameof(Invalid))]
    public async Task Should_reject_over_the_broker_naming_exactly_the_bad_fields(string body, string[] fields)
    {
        var jobId = Guid.NewGuid();
        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", AmqpMessage(jobId, body));

        var rejected = await Probe.WaitFor<JobRejected>(r => r.JobId == jobId, Wait, "the malformed job to be rejected");
        Assert.Multiple(async () =>
        {
            Assert.That(rejected.Errors.Select(e => e.Field).Distinct(), Is.EquivalentTo(fields));
            Assert.That(rejected.Errors.Select(e => e.Message), Has.All.Not.Empty, "every error says what is wrong");
            Assert.That(await JobStateAsync(jobId), Is.Null, "the rejected job was stored");
        });
    }

    [Test, Order(1)]
    [TestCaseSource(nameof(Invalid))]
    public async Task Should_answer_400_over_http_naming_exactly_the_bad_fields(string body, string[] fields)
    {
        using var response = await Http.PostAsync(new Uri("/api/jobs", UriKind.Relative),
            new StringContent($$"""{ {{body}} }""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(fields));
        });
    }

    [Test, Order(1)]
    [TestCaseSource(nameof(Unreadable))]
    public async Task Should_park_an_unreadable_message_in_the_error_queue_with_its_reason(string body)
    {
        var jobId = Guid.NewGuid();
        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob", AmqpMessage(jobId, body));

        JsonElement? parked = null;
        await Eventually(async () =>
        {
            parked = (await PeekQueueAsync("platform-scheduler_error", 200))
                .Cast<JsonElement?>()
                .FirstOrDefault(m => m!.Value.GetProperty("payload").GetString()!.Contains(jobId.ToString(), StringComparison.Ordinal));
            return parked is not null;
        }, Wait, "the unreadable message to be parked in platform-scheduler_error");
        Assert.Multiple(async () =>
        {
            Assert.That(parked!.Value.GetProperty("properties").GetProperty("headers").GetProperty("MT-Fault-Message").GetString(), Is.Not.Empty,
                "the reason an operator reads in the management UI");
            Assert.That(Probe.Received<JobAccepted>().Any(a => a.JobId == jobId), Is.False, "accepted though unreadable");
            Assert.That(await JobStateAsync(jobId), Is.Null, "stored though unreadable");
        });
    }

    [Test, Order(1)]
    [TestCaseSource(nameof(Unreadable))]
    public async Task Should_answer_400_over_http_to_a_body_that_cannot_be_read(string body)
    {
        using var response = await Http.PostAsync(new Uri("/api/jobs", UriKind.Relative),
            new StringContent($$"""{ {{body}} }""", System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
            Assert.That(problem.GetProperty("errors").EnumerateObject().Count(), Is.GreaterThan(0), "names what cannot be read");
        });
    }

    [Test, Order(2)]
    public async Task Should_still_run_a_good_job_from_each_entry_point_afterwards()
    {
        var overBroker = Guid.NewGuid();
        var overHttp = Guid.NewGuid();
        var runAt = Now.AddSeconds(1).ToString("O");

        await PublishRawJsonAsync("Platform.Contracts:ScheduleJob",
            $$"""{ "jobId": "{{overBroker}}", "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "{{runAt}}" } }""");
        using var posted = await Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), new StringContent(
            $$"""{ "jobId": "{{overHttp}}", "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "{{runAt}}" } }""",
            System.Text.Encoding.UTF8, "application/json"));

        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == overBroker, Wait, "the good job sent over the broker to run");
        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == overHttp, Wait, "the good job sent over HTTP to run");
    }
}
