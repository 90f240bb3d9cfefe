using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>The routes behind the dashboard, against the real scheduler and broker (no worker: runs of the job types
/// here are dead-lettered as unroutable, which is what the dead-letter routes need).</summary>
[TestFixture]
public sealed class When_operators_use_the_dashboard_api : ApiFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    IHost? _scheduler;
    EventProbe? _probe;
    CommandProbe<ReplayJobRun>? _replays;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartScheduler()
    {
        _scheduler = await SchedulerHost.StartAsync(PlatformConfiguration());
        _probe = await EventProbe.StartAsync(Servers, VirtualHost);
        _replays = new CommandProbe<ReplayJobRun>(Servers, VirtualHost);
        await _replays.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopScheduler()
    {
        if (_replays is not null)
            await _replays.DisposeAsync();
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _scheduler.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_backfill_a_past_range_after_previewing_its_count()
    {
        var job = await ScheduleAsync(Yearly() with { JobType = $"api.test.backfill-{Guid.NewGuid():N}" });
        var range = new { from = "2020-01-01T00:00:00Z", to = "2022-06-01T00:00:00Z", reason = "ledger was down" };

        var preview = await PostJson($"/api/jobs/{job.JobId}/backfill", new { range.from, range.to, dryRun = true });
        var future = await PostJson($"/api/jobs/{job.JobId}/backfill", new { range.from, to = "2999-01-01T00:00:00Z" });
        var unknown = await PostJson($"/api/jobs/{Guid.NewGuid()}/backfill", range);
        var sent = await PostJson($"/api/jobs/{job.JobId}/backfill", range, user: "bea");
        await Eventually(async () => Items((await GetJson($"/api/runs?jobId={job.JobId}&cause=backfill")).Body).Length == 3, Wait,
            "three runs with cause backfill");
        await Eventually(async () => Items((await GetJson($"/api/audit?jobId={job.JobId}&command=BackfillJob")).Body).Length == 1, Wait,
            "the backfill to be audited");
        var audit = Items((await GetJson($"/api/audit?jobId={job.JobId}&command=BackfillJob&sender=api:bea")).Body);

        Assert.Multiple(() =>
        {
            Assert.That(preview.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(preview.Body.GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(preview.Body.GetProperty("sent").GetBoolean(), Is.False);
            Assert.That(future.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(future.Body.GetProperty("errors").GetProperty("to")[0].GetString(), Does.Contain("future"));
            Assert.That(unknown.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(sent.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(audit, Has.Length.EqualTo(1), "audited with the API user as sender");
            Assert.That(audit[0].GetProperty("accepted").GetBoolean(), Is.True);
            Assert.That(audit[0].GetProperty("outcome").GetString(), Does.Contain("3 occurrence(s)").And.Contain("ledger was down"));
        });
    }

    [Test]
    public async Task Should_group_dead_letters_and_replay_all_matching_a_filter_after_a_preview()
    {
        var jobType = $"api.test.bulk-{Guid.NewGuid():N}";
        var job = await ScheduleAsync(Yearly() with { JobType = jobType, Overlap = OverlapPolicy.Allow });
        await PostJson($"/api/jobs/{job.JobId}/trigger", null);
        await PostJson($"/api/jobs/{job.JobId}/trigger", null);
        await Eventually(async () => Items((await GetJson($"/api/runs?jobType={jobType}&state=DeadLettered")).Body).Length == 2, Wait,
            "both runs to be dead-lettered");

        var (groupsStatus, groups) = await GetJson($"/api/dead-letters?jobType={jobType}");
        var error = Items(groups).Single().GetProperty("error").GetString();
        var preview = await PostJson("/api/dead-letters/replay", new { jobType, error, dryRun = true });
        var stale = await PostJson("/api/dead-letters/replay", new { jobType, expectedCount = 5 });
        var sent = await PostJson("/api/dead-letters/replay", new { jobType, expectedCount = 2, reason = "provider fixed" }, user: "carl");
        var runIds = preview.Body.GetProperty("runIds").EnumerateArray().Select(r => r.GetGuid()).ToList();
        await Eventually(() => Task.FromResult(_replays!.Received.Count(r => runIds.Contains(r.Message.RunId)) == 2), Wait, "two ReplayJobRun");

        Assert.Multiple(() =>
        {
            Assert.That(groupsStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Items(groups).Select(g => (g.GetProperty("jobType").GetString(), g.GetProperty("count").GetInt32())),
                Is.EqualTo(new[] { (jobType, 2) }), "one group: the run ids in the errors are masked");
            Assert.That(error, Does.Not.Match("[0-9a-f]{8}-[0-9a-f]{4}-"));
            Assert.That(groups.GetProperty("total").GetInt32(), Is.EqualTo(2));
            Assert.That(preview.Body.GetProperty("count").GetInt32(), Is.EqualTo(2));
            Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.Conflict), "the count changed since the preview: nothing is sent");
            Assert.That(sent.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(_replays!.Received.Where(r => runIds.Contains(r.Message.RunId)).Select(r => (r.Message.Reason, r.Sender)),
                Has.All.EqualTo(("provider fixed", "api:carl")));
        });
    }

    [Test]
    public async Task Should_filter_jobs_by_tag_and_text_sort_them_and_count_them()
    {
        var team = $"t{Guid.NewGuid():N}";
        var owner = $"owner-{Guid.NewGuid():N}";
        Dictionary<string, string> Tags(string env) => new() { ["team"] = team, ["env"] = env };
        var b = await ScheduleAsync(Yearly() with { JobType = "api.test.b", Owner = owner, Tags = Tags("prod") });
        var a = await ScheduleAsync(Yearly() with { JobType = "api.test.a", Owner = owner, Tags = Tags("prod") });
        await ScheduleAsync(Yearly() with { JobType = "api.test.c", Owner = owner, Tags = Tags("test") });

        var tagged = (await GetJson($"/api/jobs?tag=team:{team},env:prod")).Body;
        var searched = (await GetJson($"/api/jobs?q={owner[6..20].ToUpperInvariant()}")).Body;
        var first = (await GetJson($"/api/jobs?tag=team:{team}&sort=jobType&limit=2")).Body;
        var second = (await GetJson($"/api/jobs?tag=team:{team}&sort=jobType&limit=2&continuation={first.GetProperty("continuation").GetString()}")).Body;
        var (badStatus, bad) = await GetJson("/api/jobs?sort=color&tag=nocolon");

        Assert.Multiple(() =>
        {
            Assert.That(Items(tagged).Select(j => j.GetProperty("jobId").GetGuid()), Is.EquivalentTo(new[] { a.JobId, b.JobId }));
            Assert.That(tagged.GetProperty("total").GetInt32(), Is.EqualTo(2));
            Assert.That(searched.GetProperty("total").GetInt32(), Is.EqualTo(3), "the text matches the owner in any letter case");
            Assert.That(Items(first).Concat(Items(second)).Select(j => j.GetProperty("jobType").GetString()),
                Is.EqualTo(new[] { "api.test.a", "api.test.b", "api.test.c" }));
            Assert.That(second.TryGetProperty("continuation", out var end) ? end.ValueKind : JsonValueKind.Null, Is.EqualTo(JsonValueKind.Null));
            Assert.That(badStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(bad.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "sort", "tag" }));
        });
    }

    [Test]
    public async Task Should_list_workers_from_their_announcements_and_show_open_breakers_in_the_stats()
    {
        var worker = $"test@host/{Guid.NewGuid():N}";
        await Probe.Bus.Publish(new WorkerAnnounced
        {
            Worker = worker, Queue = "test", JobTypes = ["api.test.x"], Slots = 4, SlotsInUse = 1, Interval = TimeSpan.FromSeconds(10),
            StartedAt = TimeProvider.System.GetUtcNow().AddMinutes(-1), AnnouncedAt = TimeProvider.System.GetUtcNow(),
            Breakers = [new WorkerBreaker { JobType = "api.test.x", State = "Open", FailuresInWindow = 5 }],
        });
        await Eventually(async () => (await GetJson("/api/workers")).Body.EnumerateArray().Any(w => w.GetProperty("worker").GetString() == worker), Wait,
            "the announced worker to be listed");

        var listed = (await GetJson("/api/workers")).Body.EnumerateArray().Single(w => w.GetProperty("worker").GetString() == worker);
        var (status, stats) = await GetJson("/api/stats?hours=24");
        var (badStatus, _) = await GetJson("/api/stats?hours=0");
        Assert.Multiple(() =>
        {
            Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("Up"));
            Assert.That(listed.GetProperty("slotsInUse").GetInt32(), Is.EqualTo(1));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stats.GetProperty("openBreakers").EnumerateArray().Select(b => b.GetProperty("worker").GetString()), Does.Contain(worker));
            Assert.That(stats.GetProperty("jobs").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(stats.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("name").GetString()), Does.Contain("platform-jobs"),
                "queue depths of the fixture's virtual host, from RabbitMQ's management API (appsettings.json)");
            Assert.That(badStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Should_serve_the_api_reference_and_the_dashboard_without_a_cdn()
    {
        using var reference = await Client.GetAsync(new Uri("/reference", UriKind.Relative));
        var html = await reference.Content.ReadAsStringAsync();
        using var dashboard = await Client.GetAsync(new Uri("/dashboard/", UriKind.Relative));
        var page = await dashboard.Content.ReadAsStringAsync();
        var (_, me) = await GetJson("/api/me");
        Assert.Multiple(() =>
        {
            Assert.That(reference.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("scalar.js"));
            Assert.That(html, Does.Not.Contain("cdn.").And.Not.Contain("https://"), "every asset is served by the API itself");
            Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page, Does.Contain("app.js").And.Not.Contain("https://"));
            Assert.That(me.GetProperty("canOperate").GetBoolean(), Is.True, "an API without keys is open");
        });
    }

    async Task<ScheduleJob> ScheduleAsync(ScheduleJob job)
    {
        var (status, body, _) = await PostJson("/api/jobs", job);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted), body.ToString());
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, $"job {job.JobId} to be accepted");
        return job;
    }

    // Once a year on 1 January: nothing fires while the tests run.
    static ScheduleJob Yearly() => new()
    {
        JobId = Guid.NewGuid(),
        JobType = "api.test.nobody",
        Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 0 1 1 *" },
    };

    static JsonElement[] Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToArray();
}
