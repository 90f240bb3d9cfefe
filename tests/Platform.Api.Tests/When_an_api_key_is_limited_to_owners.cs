using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Platform.Api.Authentication;
using Platform.Contracts;
using Platform.Testing.Api;
using Platform.Triggers;

namespace Platform.Api.Tests;

/// <summary>A key limited to owners (<c>Platform:Api:Keys:n:Owners</c>) sees and acts on those owners' jobs only: their
/// runs, fire log, audit trail and dead letters; another owner's job is unknown to it (404, as a mistyped id), and it may
/// schedule jobs of its owners only (403). A key without owners sees every job.</summary>
[TestFixture]
public sealed class When_an_api_key_is_limited_to_owners : KeyedApiFixture
{
    const string BillingUser = "bill";
    const string BillingKey = "billing-key-5c7e2a90";
    static readonly DateTimeOffset T = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    static readonly Guid Billing = Guid.Parse("00000000-0000-0000-0000-00000000b111");
    static readonly Guid Ops = Guid.Parse("00000000-0000-0000-0000-0000000000a5");
    static readonly Guid BillingRun = Guid.Parse("00000000-0000-0000-0000-00000000b112");
    static readonly Guid OpsRun = Guid.Parse("00000000-0000-0000-0000-0000000000a6");

    protected override void ConfigureApi(IDictionary<string, string?> configuration)
    {
        base.ConfigureApi(configuration);
        configuration["Platform:Api:Keys:2:User"] = BillingUser;
        configuration["Platform:Api:Keys:2:KeyHash"] = ApiKeyring.HashOf(BillingKey);
        configuration["Platform:Api:Keys:2:Role"] = "Operator";
        configuration["Platform:Api:Keys:2:Owners:0"] = "billing";
        configuration["Platform:Api:Keys:2:Owners:1"] = "billing-eu";
    }

    [OneTimeSetUp]
    public async Task SeedTwoOwners()
    {
        await using var db = SchedulerDb();
        db.Jobs.AddRange(SchedulerRows.Job(Billing, "Active", "billing.invoice", "billing", T), SchedulerRows.Job(Ops, "Active", "ops.backup", "ops", T));
        db.Runs.AddRange(SchedulerRows.Run(BillingRun, Billing, "billing.invoice", "DeadLettered", T), SchedulerRows.Run(OpsRun, Ops, "ops.backup", "DeadLettered", T));
        db.Audit.AddRange(SchedulerRows.Audit(T, "ScheduleJob", Billing, "api:bill", accepted: true, "\"created\""),
            SchedulerRows.Audit(T, "ScheduleJob", Ops, "api:ops", accepted: true, "\"created\""));
        db.Set<FireRecord>().AddRange(Fire(Billing), Fire(Ops));
        await db.SaveChangesAsync();
    }

    [Test]
    public async Task Should_show_the_owners_jobs_runs_fires_audit_and_dead_letters_only()
    {
        var jobs = await Get("/api/jobs");
        var runs = await Get("/api/runs");
        var audit = await Get("/api/audit");
        var deadLetters = await Get("/api/dead-letters");
        var fires = await Get($"/api/jobs/{Billing}/fires");
        var me = await Get("/api/me");
        Assert.Multiple(() =>
        {
            Assert.That(Ids(jobs, "jobId"), Is.EqualTo(new[] { Billing }));
            Assert.That(Ids(runs, "runId"), Is.EqualTo(new[] { BillingRun }));
            Assert.That(Items(audit).Select(a => a.GetProperty("jobId").GetGuid()), Is.EqualTo(new[] { Billing }));
            Assert.That(Items(deadLetters).Select(g => g.GetProperty("jobType").GetString()), Is.EqualTo(new[] { "billing.invoice" }));
            Assert.That(Items(fires), Has.Length.EqualTo(1));
            Assert.That(me.GetProperty("owners").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "billing", "billing-eu" }));
        });
    }

    [Test]
    public async Task Should_not_know_another_owners_job_or_run()
    {
        var job = await Send(HttpMethod.Get, $"/api/jobs/{Ops}", null, Bearer(BillingKey));
        var fires = await Send(HttpMethod.Get, $"/api/jobs/{Ops}/fires", null, Bearer(BillingKey));
        var run = await Send(HttpMethod.Get, $"/api/runs/{OpsRun}", null, Bearer(BillingKey));
        var pause = await Send(HttpMethod.Post, $"/api/jobs/{Ops}/pause", new { reason = "not mine" }, Bearer(BillingKey));
        var replay = await Send(HttpMethod.Post, $"/api/runs/{OpsRun}/replay", new { reason = "not mine" }, Bearer(BillingKey));
        var bulk = await Send(HttpMethod.Post, "/api/dead-letters/replay", new { runIds = new[] { OpsRun }, dryRun = true }, Bearer(BillingKey));
        Assert.Multiple(() =>
        {
            Assert.That(job.Status, Is.EqualTo(HttpStatusCode.NotFound), "another owner's job is not there for this key");
            Assert.That(fires.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(run.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(pause.Status, Is.EqualTo(HttpStatusCode.NotFound), "nor can it be paused");
            Assert.That(replay.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(bulk.Status, Is.EqualTo(HttpStatusCode.Conflict), "nor replayed in bulk");
        });
    }

    [Test]
    public async Task Should_schedule_jobs_of_its_owners_only()
    {
        var mine = new ScheduleJob { JobId = Guid.NewGuid(), JobType = "billing.invoice", Owner = "billing-eu", Trigger = FarFuture() };
        var accepted = await Send(HttpMethod.Post, "/api/jobs", mine, Bearer(BillingKey));
        var theirs = await Send(HttpMethod.Post, "/api/jobs", mine with { JobId = Guid.NewGuid(), Owner = "ops" }, Bearer(BillingKey));
        var noOwner = await Send(HttpMethod.Post, "/api/jobs", mine with { JobId = Guid.NewGuid(), Owner = null }, Bearer(BillingKey));
        var takeOver = await Send(HttpMethod.Post, "/api/jobs", mine with { JobId = Ops }, Bearer(BillingKey));
        var batch = await Send(HttpMethod.Post, "/api/jobs/batch",
            new ScheduleJobs { Jobs = [mine with { JobId = Guid.NewGuid() }, mine with { JobId = Guid.NewGuid(), Owner = "ops" }] }, Bearer(BillingKey));
        await Eventually(() => Task.FromResult(Schedules.Received.Any(r => r.Message.JobId == mine.JobId)), TimeSpan.FromSeconds(30),
            "the accepted ScheduleJob to be published");
        Assert.Multiple(() =>
        {
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(theirs.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(theirs.Body.GetProperty("detail").GetString(), Does.Contain("billing, billing-eu only").And.Contain("'ops'"));
            Assert.That(noOwner.Status, Is.EqualTo(HttpStatusCode.Forbidden), "a job without an owner is nobody's: not this key's");
            Assert.That(takeOver.Status, Is.EqualTo(HttpStatusCode.Forbidden), "an id of another owner's job cannot be redefined");
            Assert.That(takeOver.Body.GetProperty("detail").GetString(), Does.Contain(Ops.ToString()));
            Assert.That(batch.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(batch.Body.GetProperty("sent").GetArrayLength(), Is.EqualTo(1));
            Assert.That(batch.Body.GetProperty("rejected")[0].GetProperty("errors")[0].GetProperty("field").GetString(), Is.EqualTo("owner"));
        });
    }

    [Test]
    public async Task Should_show_every_owner_to_a_key_without_owners()
    {
        var jobs = await Send(HttpMethod.Get, "/api/jobs", null, Bearer(ReaderKey));
        var me = await Send(HttpMethod.Get, "/api/me", null, Bearer(ReaderKey));
        Assert.Multiple(() =>
        {
            Assert.That(Ids(jobs.Body, "jobId"), Is.SupersetOf(new[] { Billing, Ops }));
            Assert.That(me.Body.GetProperty("owners").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    async Task<JsonElement> Get(string url)
    {
        var (status, body, _) = await Send(HttpMethod.Get, url, null, Bearer(BillingKey));
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), url);
        return body;
    }

    static JsonElement[] Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToArray();

    static Guid[] Ids(JsonElement page, string id) => Items(page).Select(i => i.GetProperty(id).GetGuid()).ToArray();

    static JobTrigger FarFuture() => new() { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow().AddYears(1) };

    static FireRecord Fire(Guid jobId) => new()
    {
        JobId = jobId,
        ScheduledFor = T,
        Version = 1,
        FiredAt = T,
        Kind = FireKind.OnTime,
        Instance = "scheduler-1",
    };
}
