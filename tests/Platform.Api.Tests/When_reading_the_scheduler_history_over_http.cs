using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Npgsql;
using Platform.Api.ReadModel;
using Platform.Contracts;
using Platform.Scheduler;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Runs;
using Platform.Testing.Api;
using Platform.Triggers;

namespace Platform.Api.Tests;

/// <summary>The read routes over rows seeded in a migrated scheduler database, as the scheduler writes them: four jobs in
/// every job state, six runs (two scheduled at the same instant), four audit records, five fires.</summary>
[TestFixture]
public sealed class When_reading_the_scheduler_history_over_http : ApiFixture
{
    static readonly DateTimeOffset T = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Billing = Guid.Parse("10000000-0000-0000-0000-000000000001");
    static readonly Guid Reports = Guid.Parse("10000000-0000-0000-0000-000000000002");
    static readonly Guid Cleanup = Guid.Parse("10000000-0000-0000-0000-000000000003");
    static readonly Guid Legacy = Guid.Parse("10000000-0000-0000-0000-000000000004");
    static readonly Guid R1 = Guid.Parse("20000000-0000-0000-0000-000000000001");
    static readonly Guid R2 = Guid.Parse("20000000-0000-0000-0000-000000000002");
    static readonly Guid R3 = Guid.Parse("20000000-0000-0000-0000-000000000003");
    static readonly Guid R4 = Guid.Parse("20000000-0000-0000-0000-000000000004");
    static readonly Guid R5 = Guid.Parse("20000000-0000-0000-0000-000000000005");
    static readonly Guid R6 = Guid.Parse("20000000-0000-0000-0000-000000000006");
    static readonly Guid Rejected = Guid.Parse("30000000-0000-0000-0000-000000000001");

    static readonly ScheduleJob BillingDefinition = new()
    {
        JobId = Billing,
        JobType = "billing.invoice",
        Payload = JsonSerializer.SerializeToElement(new { customer = 42 }),
        Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 9 * * MON-FRI", TimeZone = "Europe/London" },
        Priority = 7,
        Sla = new SlaPolicy { MaxStartDelay = TimeSpan.FromMinutes(5) },
        Owner = "billing",
        DependsOn = [Cleanup],
    };

    [OneTimeSetUp]
    public async Task SeedSchedulerDatabase()
    {
        await MigrateSchedulerDatabaseAsync();
        await using var db = SchedulerDb();

        db.Jobs.AddRange(
            With(Job(Billing, "Active", "billing.invoice", "billing", "Cron", T.AddDays(-10)), j =>
            {
                j.Version = 2;
                j.Definition = JobDefinition.ToJson(BillingDefinition);
                j.DependsOn = $"[\"{Cleanup}\"]";
                j.ActiveRuns = 2;
                j.LastRunId = R2;
                j.LastRunOutcome = "Succeeded";
                j.LastRunScheduledFor = T.AddDays(-2);
                j.LastRunFinishedAt = T.AddDays(-2).AddSeconds(30);
            }),
            Job(Reports, "Paused", "ops.report", "ops", "Interval", T.AddDays(-9)),
            Job(Cleanup, "Completed", "ops.cleanup", "ops", "Once", T.AddDays(-8)),
            With(Job(Legacy, "Cancelled", "billing.invoice", null, "Event", T.AddDays(-8)), x => { x.EventType = "order.placed"; }));
        db.Set<TriggerRecord>().AddRange(
            Trigger(Billing, 2, T.AddHours(1), TriggerState.Scheduled, fireCount: 5),
            Trigger(Reports, 1, T.AddHours(2), TriggerState.Paused, fireCount: 1));

        db.Runs.AddRange(
            With(Run(R1, Billing, "Succeeded", T.AddDays(-3)), x => { x.FinishedAt = T.AddDays(-3).AddSeconds(20); x.Worker = "worker-a/1"; }),
            With(Run(R2, Billing, "Succeeded", T.AddDays(-2)), x => { x.FinishedAt = T.AddDays(-2).AddSeconds(30); x.Worker = "worker-a/1"; }),
            With(Run(R3, Billing, "DeadLettered", T.AddDays(-1)), r =>
            {
                r.Attempt = 3;
                r.Error = "boom";
                r.FinishedAt = T.AddDays(-1).AddMinutes(2);
                r.Definition = JobDefinition.ToJson(BillingDefinition);
                r.MaxStartDelay = TimeSpan.FromMinutes(5);
                r.DependsOn = $"[\"{Cleanup}\"]";
                r.DependencyCheck = "Met";
            }),
            With(Run(R4, Billing, "Running", T), x => { x.Progress = 40; x.ProgressMessage = "page 4 of 10"; x.Worker = "worker-b/7"; }),
            Run(R5, Billing, "Queued", T),
            With(Run(R6, Reports, "TimedOut", T.AddDays(-2)), x => { x.TimedOut = true; x.FinishedAt = T.AddDays(-2).AddMinutes(10); }));

        db.Audit.AddRange(
            SchedulerRows.Audit(T.AddDays(-10), "ScheduleJob", Billing, "api:alice", accepted: true, "\"created\""),
            SchedulerRows.Audit(T.AddDays(-5), "PauseJob", Reports, "user:ops", accepted: true, "\"paused\""),
            SchedulerRows.Audit(T.AddDays(-4), "ScheduleJob", Rejected, "app:legacy", accepted: false,
                """[{"field":"priority","message":"must be 0-9 (9 runs first)"}]"""),
            SchedulerRows.Audit(T.AddDays(-1), "TriggerJobNow", Billing, "api:bob", accepted: true, "\"month end\""));

        db.Set<FireRecord>().AddRange(
            Fire(T.AddDays(-3), T.AddDays(-3), FireKind.OnTime),
            Fire(T.AddDays(-2), T.AddDays(-2).AddMinutes(1), FireKind.Misfired),
            Fire(T.AddDays(-2).AddHours(-1), T.AddDays(-2).AddMinutes(1), FireKind.Coalesced),
            Fire(T.AddDays(-1).AddHours(-12), T.AddDays(-1).AddHours(-11), FireKind.Missed),
            Fire(T.AddDays(-1), T.AddDays(-1), FireKind.OnTime));
        await db.SaveChangesAsync();
    }

    [Test]
    public async Task Should_list_every_job_newest_first_with_its_next_and_last_run()
    {
        var (status, body) = await GetJson("/api/jobs");
        var billing = Items(body).Single(j => j.GetProperty("jobId").GetGuid() == Billing);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Ids(body, "jobId"), Is.EqualTo(new[] { Legacy, Cleanup, Reports, Billing }), "newest first, the later id first at the same instant");
            Assert.That(billing.GetProperty("state").GetString(), Is.EqualTo("Active"));
            Assert.That(billing.GetProperty("version").GetInt32(), Is.EqualTo(2));
            Assert.That(billing.GetProperty("nextRunAt").GetString(), Is.EqualTo("2030-06-01T13:00:00+00:00"));
            Assert.That(billing.GetProperty("lastRun").GetProperty("runId").GetGuid(), Is.EqualTo(R2));
            Assert.That(billing.GetProperty("lastRun").GetProperty("outcome").GetString(), Is.EqualTo("Succeeded"));
            Assert.That(billing.TryGetProperty("definition", out _), Is.False, "a listing leaves the definitions out");
            Assert.That(body.GetProperty("continuation").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase("state=Paused", new[] { "10000000-0000-0000-0000-000000000002" })]
    [TestCase("state=completed,CANCELLED", new[] { "10000000-0000-0000-0000-000000000004", "10000000-0000-0000-0000-000000000003" })]
    [TestCase("jobType=billing.invoice", new[] { "10000000-0000-0000-0000-000000000004", "10000000-0000-0000-0000-000000000001" })]
    [TestCase("owner=ops&state=Completed", new[] { "10000000-0000-0000-0000-000000000003" })]
    [TestCase("owner=nobody", new string[0])]
    public async Task Should_filter_jobs_by_state_job_type_and_owner(string query, string[] expected)
    {
        var (status, body) = await GetJson("/api/jobs?" + query);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Ids(body, "jobId"), Is.EqualTo(expected.Select(Guid.Parse)));
        });
    }

    [Test]
    public async Task Should_answer_a_job_with_its_definition_trigger_and_dependencies()
    {
        var (status, job) = await GetJson($"/api/jobs/{Billing}");
        var paused = (await GetJson($"/api/jobs/{Reports}")).Body;
        var onEvents = (await GetJson($"/api/jobs/{Legacy}")).Body;
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(job.GetProperty("jobType").GetString(), Is.EqualTo("billing.invoice"));
            Assert.That(job.GetProperty("owner").GetString(), Is.EqualTo("billing"));
            Assert.That(job.GetProperty("triggerKind").GetString(), Is.EqualTo("Cron"));
            Assert.That(job.GetProperty("definition").GetProperty("trigger").GetProperty("cron").GetString(), Is.EqualTo("0 9 * * MON-FRI"));
            Assert.That(job.GetProperty("definition").GetProperty("payload").GetProperty("customer").GetInt32(), Is.EqualTo(42));
            Assert.That(job.GetProperty("triggerState").GetString(), Is.EqualTo("Scheduled"));
            Assert.That(job.GetProperty("fireCount").GetInt32(), Is.EqualTo(5));
            Assert.That(job.GetProperty("activeRuns").GetInt32(), Is.EqualTo(2));
            Assert.That(job.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetGuid()), Is.EqualTo(new[] { Cleanup }));
            Assert.That(job.GetProperty("lastRun").GetProperty("finishedAt").GetString(), Is.EqualTo("2030-05-30T12:00:30+00:00"));
            Assert.That(paused.GetProperty("state").GetString(), Is.EqualTo("Paused"));
            Assert.That(paused.GetProperty("triggerState").GetString(), Is.EqualTo("Paused"));
            Assert.That(paused.GetProperty("lastRun").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(onEvents.GetProperty("eventType").GetString(), Is.EqualTo("order.placed"));
            Assert.That(onEvents.GetProperty("nextRunAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "an event trigger has no next run");
        });
    }

    [TestCase("/api/jobs/{0}")]
    [TestCase("/api/jobs/{0}/runs")]
    [TestCase("/api/jobs/{0}/fires")]
    [TestCase("/api/runs/{0}")]
    public async Task Should_answer_404_with_a_problem_for_an_unknown_id(string route)
    {
        var unknown = Guid.NewGuid();
        using var response = await Client.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, unknown), UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("detail").GetString(), Does.Contain(unknown.ToString()));
        });
    }

    [Test]
    public async Task Should_list_a_jobs_runs_newest_first_with_their_history()
    {
        var (status, body) = await GetJson($"/api/jobs/{Billing}/runs");
        var deadLettered = Items(body).Single(r => r.GetProperty("runId").GetGuid() == R3);
        var running = Items(body).Single(r => r.GetProperty("runId").GetGuid() == R4);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Ids(body, "runId").Skip(2), Is.EqualTo(new[] { R3, R2, R1 }));
            Assert.That(Ids(body, "runId").Take(2), Is.EquivalentTo(new[] { R4, R5 }), "the two runs scheduled now come first");
            Assert.That(deadLettered.GetProperty("state").GetString(), Is.EqualTo("DeadLettered"));
            Assert.That(deadLettered.GetProperty("attempt").GetInt32(), Is.EqualTo(3));
            Assert.That(deadLettered.GetProperty("error").GetString(), Is.EqualTo("boom"));
            Assert.That(deadLettered.GetProperty("scheduledFor").GetString(), Is.EqualTo("2030-05-31T12:00:00+00:00"));
            Assert.That(deadLettered.GetProperty("finishedAt").GetString(), Is.EqualTo("2030-05-31T12:02:00+00:00"));
            Assert.That(running.GetProperty("progress").GetInt32(), Is.EqualTo(40));
            Assert.That(running.GetProperty("worker").GetString(), Is.EqualTo("worker-b/7"));
            Assert.That(running.TryGetProperty("definition", out _), Is.False, "a listing leaves the definitions out");
        });
    }

    [TestCase("state=Succeeded", new[] { "20000000-0000-0000-0000-000000000002", "20000000-0000-0000-0000-000000000001" })]
    [TestCase("state=deadlettered,Running", new[] { "20000000-0000-0000-0000-000000000004", "20000000-0000-0000-0000-000000000003" })]
    [TestCase("from=2030-05-29T12:00:00Z&to=2030-05-31T12:00:00Z", new[] { "20000000-0000-0000-0000-000000000002", "20000000-0000-0000-0000-000000000001" })]
    [TestCase("from=2030-05-31T14:00:00%2B02:00", new[] { "20000000-0000-0000-0000-000000000005", "20000000-0000-0000-0000-000000000004", "20000000-0000-0000-0000-000000000003" })]
    [TestCase("to=2030-05-29T12:00:00Z", new string[0])]
    public async Task Should_filter_a_jobs_runs_by_state_and_scheduled_time(string query, string[] expected)
    {
        var (status, body) = await GetJson($"/api/jobs/{Billing}/runs?{query}");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Ids(body, "runId"), Is.EquivalentTo(expected.Select(Guid.Parse)));
        });
    }

    [TestCase("", new[] { "20000000-0000-0000-0000-000000000001", "20000000-0000-0000-0000-000000000002", "20000000-0000-0000-0000-000000000003",
        "20000000-0000-0000-0000-000000000004", "20000000-0000-0000-0000-000000000005", "20000000-0000-0000-0000-000000000006" })]
    [TestCase("state=TimedOut", new[] { "20000000-0000-0000-0000-000000000006" })]
    [TestCase("jobId=10000000-0000-0000-0000-000000000002", new[] { "20000000-0000-0000-0000-000000000006" })]
    [TestCase("from=2030-05-30T12:00:00Z&to=2030-05-30T12:00:01Z", new[] { "20000000-0000-0000-0000-000000000002", "20000000-0000-0000-0000-000000000006" })]
    public async Task Should_list_runs_across_jobs_by_job_state_and_time(string query, string[] expected)
    {
        var (status, body) = await GetJson("/api/runs?" + query);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Ids(body, "runId"), Is.EquivalentTo(expected.Select(Guid.Parse)));
        });
    }

    [TestCase("/api/runs", "runId", 6)]
    [TestCase("/api/jobs", "jobId", 4)]
    [TestCase("/api/audit", "id", 4)]
    [TestCase("/api/jobs/10000000-0000-0000-0000-000000000001/fires", "scheduledFor", 5)]
    public async Task Should_page_through_a_listing_without_skipping_or_repeating(string route, string key, int total)
    {
        var seen = new List<string>();
        var url = route + "?limit=1";
        var pages = 0;
        while (url is not null && pages++ < 20)
        {
            var (status, body) = await GetJson(url);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), url);
            seen.AddRange(Items(body).Select(i => i.GetProperty(key).ToString()));
            url = body.GetProperty("next").GetString();
            if (url is not null)
                Assert.That(url, Does.StartWith(route + "?limit=1&continuation="));
        }

        var all = (await GetJson(route)).Body;
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.Unique);
            Assert.That(seen, Is.EqualTo(Items(all).Select(i => i.GetProperty(key).ToString())), "the pages, in order, are the whole listing");
            Assert.That(seen, Has.Count.EqualTo(total));
        });
    }

    [Test]
    public async Task Should_answer_a_run_with_the_definition_and_sla_it_runs_with()
    {
        var (status, run) = await GetJson($"/api/runs/{R3}");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(run.GetProperty("jobId").GetGuid(), Is.EqualTo(Billing));
            Assert.That(run.GetProperty("state").GetString(), Is.EqualTo("DeadLettered"));
            Assert.That(run.GetProperty("definition").GetProperty("priority").GetInt32(), Is.EqualTo(7));
            Assert.That(run.GetProperty("maxStartDelay").GetString(), Is.EqualTo("00:05:00"));
            Assert.That(run.GetProperty("maxRunDuration").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(run.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetGuid()), Is.EqualTo(new[] { Cleanup }));
            Assert.That(run.GetProperty("dependencyCheck").GetString(), Is.EqualTo("Met"));
            Assert.That(run.GetProperty("eventPayload").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Should_list_the_audit_trail_with_sender_and_outcome()
    {
        var (status, body) = await GetJson("/api/audit");
        var rejected = Items(body).Single(a => a.GetProperty("jobId").GetGuid() == Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Items(body).Select(a => a.GetProperty("command").GetString()),
                Is.EqualTo(new[] { "TriggerJobNow", "ScheduleJob", "PauseJob", "ScheduleJob" }), "newest first");
            Assert.That(rejected.GetProperty("accepted").GetBoolean(), Is.False);
            Assert.That(rejected.GetProperty("sender").GetString(), Is.EqualTo("app:legacy"));
            Assert.That(rejected.GetProperty("outcome")[0].GetProperty("field").GetString(), Is.EqualTo("priority"));
            Assert.That(Items(body)[0].GetProperty("outcome").GetString(), Is.EqualTo("month end"));
            Assert.That(Items(body)[0].GetProperty("receivedAt").GetString(), Is.EqualTo("2030-05-31T12:00:00+00:00"));
        });
    }

    [TestCase("jobId=10000000-0000-0000-0000-000000000001", new[] { "TriggerJobNow", "ScheduleJob" })]
    [TestCase("command=schedulejob", new[] { "ScheduleJob", "ScheduleJob" })]
    [TestCase("command=ScheduleJob&accepted=false", new[] { "ScheduleJob" })]
    [TestCase("from=2030-05-27T12:00:00Z&to=2030-05-31T12:00:00Z", new[] { "ScheduleJob", "PauseJob" })]
    public async Task Should_filter_the_audit_trail_by_job_command_outcome_and_time(string query, string[] commands)
    {
        var (status, body) = await GetJson("/api/audit?" + query);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Items(body).Select(a => a.GetProperty("command").GetString()), Is.EqualTo(commands));
        });
    }

    [Test]
    public async Task Should_list_the_fire_log_on_time_late_and_missed()
    {
        var (status, body) = await GetJson($"/api/jobs/{Billing}/fires");
        var (_, missed) = await GetJson($"/api/jobs/{Billing}/fires?kind=Missed,Coalesced&from=2030-05-30T00:00:00Z");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Items(body).Select(f => f.GetProperty("kind").GetString()),
                Is.EqualTo(new[] { "OnTime", "Missed", "Misfired", "Coalesced", "OnTime" }));
            Assert.That(Items(body)[2].GetProperty("scheduledFor").GetString(), Is.EqualTo("2030-05-30T12:00:00+00:00"));
            Assert.That(Items(body)[2].GetProperty("firedAt").GetString(), Is.EqualTo("2030-05-30T12:01:00+00:00"));
            Assert.That(Items(body)[2].GetProperty("instance").GetString(), Is.EqualTo("scheduler-1"));
            Assert.That(Items(missed).Select(f => f.GetProperty("kind").GetString()), Is.EqualTo(new[] { "Missed", "Coalesced" }));
        });
    }

    [TestCase("/api/jobs?state=Running", "state", "'Running' is not a job state: use Active, Paused, Completed, Cancelled")]
    [TestCase("/api/jobs?limit=0", "limit", "must be a whole number from 1 to 1000")]
    [TestCase("/api/jobs?limit=1001", "limit", "must be a whole number from 1 to 1000")]
    [TestCase("/api/jobs?continuation=garbage", "continuation", "is not a continuation this route returned")]
    [TestCase("/api/jobs/not-a-guid", "jobId", "must be a GUID")]
    [TestCase("/api/jobs/not-a-guid/runs", "jobId", "must be a GUID")]
    [TestCase("/api/jobs/10000000-0000-0000-0000-000000000001/runs?limit=ten", "limit", "must be a whole number from 1 to 1000")]
    [TestCase("/api/jobs/10000000-0000-0000-0000-000000000001/fires?kind=Late", "kind", "'Late' is not a fire kind: use OnTime, Misfired")]
    [TestCase("/api/runs?jobId=42", "jobId", "must be a GUID")]
    [TestCase("/api/runs?state=Done", "state", "'Done' is not a run state: use WaitingForDependencies, Queued")]
    [TestCase("/api/runs?from=yesterday", "from", "must be an ISO 8601 instant with an offset")]
    [TestCase("/api/runs?to=2030-05-31T12:00:00", "to", "must be an ISO 8601 instant with an offset")]
    [TestCase("/api/runs?from=2030-05-31T12:00:00+02:00", "from", "(write + as %2B in a URL)")]
    [TestCase("/api/runs?from=2030-06-01T00:00:00Z&to=2030-05-01T00:00:00Z", "to", "must be after from")]
    [TestCase("/api/runs/42", "runId", "must be a GUID")]
    [TestCase("/api/audit?command=DeleteJob", "command", "'DeleteJob' is not an audited command: use one of ScheduleJob, CancelJob")]
    [TestCase("/api/audit?accepted=maybe", "accepted", "must be true or false")]
    public async Task Should_answer_400_with_a_problem_naming_the_bad_parameter(string url, string parameter, string message)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { parameter }));
            Assert.That(body.GetProperty("errors").GetProperty(parameter)[0].GetString(), Does.Contain(message));
            Assert.That(body.GetProperty("detail").GetString(), Does.StartWith($"{parameter}: "));
        });
    }

    [Test]
    public async Task Should_report_every_bad_parameter_at_once()
    {
        var (status, body) = await GetJson("/api/runs?jobId=x&state=y&from=z&limit=0&continuation=%3F");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(e => e.Name),
                Is.EquivalentTo(new[] { "jobId", "state", "from", "limit", "continuation" }));
        });
    }

    [Test]
    public async Task Should_refuse_the_continuation_of_another_listing()
    {
        var runs = (await GetJson("/api/runs?limit=1")).Body;
        var continuation = Uri.EscapeDataString(runs.GetProperty("continuation").GetString()!);
        var (status, body) = await GetJson($"/api/audit?continuation={continuation}");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty("continuation")[0].GetString(), Does.Contain("is not a continuation this route returned"));
        });
    }

    [Test]
    public async Task Should_read_on_read_only_transactions()
    {
        await using var scope = ApiServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SchedulerReadDbContext>();

        var refused = Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("delete from scheduler.audit"));

        Assert.Multiple(async () =>
        {
            Assert.That(refused!.SqlState, Is.EqualTo(PostgresErrorCodes.ReadOnlySqlTransaction));
            Assert.That(await db.Audit.CountAsync(), Is.EqualTo(4), "nothing was deleted");
        });
    }

    [Test]
    public async Task Should_be_ready_when_the_database_and_the_bus_answer()
    {
        using var response = await Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Should_describe_every_route_in_the_openapi_document()
    {
        var (status, document) = await GetJson("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        string[] Operations(string path) => paths.GetProperty(path).EnumerateObject().Select(o => o.Name).ToArray();
        string[] Responses(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Operations("/api/jobs"), Is.EquivalentTo(new[] { "get", "post" }));
            Assert.That(Operations("/api/jobs/{jobId}"), Is.EqualTo(new[] { "get" }));
            Assert.That(Operations("/api/jobs/{jobId}/runs"), Is.EqualTo(new[] { "get" }));
            Assert.That(Operations("/api/jobs/{jobId}/fires"), Is.EqualTo(new[] { "get" }));
            Assert.That(Operations("/api/runs"), Is.EqualTo(new[] { "get" }));
            Assert.That(Operations("/api/runs/{runId}"), Is.EqualTo(new[] { "get" }));
            Assert.That(Operations("/api/audit"), Is.EqualTo(new[] { "get" }));
            foreach (var verb in new[] { "cancel", "pause", "resume", "trigger" })
                Assert.That(Responses($"/api/jobs/{{jobId}}/{verb}", "post"), Is.SupersetOf(new[] { "202", "400", "404" }), verb);
            Assert.That(Responses("/api/runs/{runId}/replay", "post"), Is.SupersetOf(new[] { "202", "400", "404", "409" }));
            Assert.That(Responses("/api/jobs/{jobId}", "get"), Is.SupersetOf(new[] { "200", "400", "404" }));
            Assert.That(paths.GetProperty("/api/jobs").GetProperty("post").GetProperty("description").GetString(),
                Does.Contain("answers 400 with the field errors"));
            Assert.That(paths.GetProperty("/api/jobs").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()),
                Is.EquivalentTo(new[] { "state", "jobType", "owner", "tag", "q", "sort", "limit", "continuation" }));
            foreach (var path in new[] { "/api/stats", "/api/workers", "/api/dead-letters", "/api/me" })
                Assert.That(Operations(path), Is.EqualTo(new[] { "get" }), path);
            Assert.That(Operations("/api/dead-letters/replay"), Is.EqualTo(new[] { "post" }));
            Assert.That(Responses("/api/jobs/{jobId}/backfill", "post"), Is.SupersetOf(new[] { "200", "202", "400", "401", "403", "404", "409" }));
            Assert.That(Responses("/api/runs", "get"), Does.Contain("401").And.Not.Contain("403"), "reads need a key, any role");
            Assert.That(document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "Bearer", "ApiKey" }));
            var parameters = paths.GetProperty("/api/runs").GetProperty("get").GetProperty("parameters").EnumerateArray()
                .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
            Assert.That(parameters["limit"].GetProperty("maximum").GetRawText(), Is.EqualTo("1000"));
            Assert.That(parameters["limit"].GetProperty("minimum").GetRawText(), Is.EqualTo("1"));
            Assert.That(parameters["jobId"].GetProperty("format").GetString(), Is.EqualTo("uuid"));
            Assert.That(parameters["from"].GetProperty("format").GetString(), Is.EqualTo("date-time"));
        });
    }

    static T With<T>(T item, Action<T> change)
    {
        change(item);
        return item;
    }

    static JsonElement[] Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToArray();

    static Guid[] Ids(JsonElement page, string key) => Items(page).Select(i => i.GetProperty(key).GetGuid()).ToArray();

    static JobState Job(Guid id, string state, string jobType, string? owner, string triggerKind, DateTimeOffset createdAt) =>
        SchedulerRows.Job(id, state, jobType, owner, createdAt, triggerKind);

    static TriggerRecord Trigger(Guid jobId, int version, DateTimeOffset next, TriggerState state, int fireCount) => new()
    {
        JobId = jobId,
        Version = version,
        Trigger = "{}",
        Anchor = T.AddDays(-10),
        NextFireAt = next,
        State = state,
        FireCount = fireCount,
    };

    static RunState Run(Guid runId, Guid jobId, string state, DateTimeOffset scheduledFor) =>
        SchedulerRows.Run(runId, jobId, jobId == Billing ? "billing.invoice" : "ops.report", state, scheduledFor);

    static FireRecord Fire(DateTimeOffset scheduledFor, DateTimeOffset firedAt, FireKind kind) => new()
    {
        JobId = Billing,
        ScheduledFor = scheduledFor,
        Version = 2,
        FiredAt = firedAt,
        Kind = kind,
        Instance = "scheduler-1",
    };
}
