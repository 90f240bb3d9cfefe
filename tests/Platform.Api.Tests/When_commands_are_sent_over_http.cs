using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>Commands through the API reach the real scheduler over the real broker (no worker: a triggered run finds no
/// handler and is dead-lettered, which is what a replay needs), and what they cause is read back through the API.</summary>
[TestFixture]
public sealed class When_commands_are_sent_over_http : ApiFixture
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
    public async Task Should_schedule_a_job_that_the_scheduler_accepts_and_audits_with_the_api_user()
    {
        var job = FarFuture(Guid.NewGuid()) with { Owner = "billing", Tags = new Dictionary<string, string> { ["team"] = "billing" } };

        var (status, body, response) = await PostJson("/api/jobs", job, user: "alice");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/jobs/{job.JobId}"));
            Assert.That(body.GetProperty("jobId").GetGuid(), Is.EqualTo(job.JobId));
            Assert.That(body.GetProperty("command").GetString(), Is.EqualTo("ScheduleJob"));
            Assert.That(body.GetProperty("sender").GetString(), Is.EqualTo("api:alice"));
        });
        var accepted = await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job posted over HTTP to be accepted");

        var (jobStatus, stored) = await GetJson($"/api/jobs/{job.JobId}");
        var audit = Items((await GetJson($"/api/audit?jobId={job.JobId}")).Body);
        Assert.Multiple(() =>
        {
            Assert.That(accepted.Version, Is.EqualTo(1));
            Assert.That(jobStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stored.GetProperty("state").GetString(), Is.EqualTo("Active"));
            Assert.That(stored.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(stored.GetProperty("owner").GetString(), Is.EqualTo("billing"));
            Assert.That(stored.GetProperty("nextRunAt").GetString(), Is.EqualTo("2099-01-01T00:00:00+00:00"));
            Assert.That(stored.GetProperty("definition").GetProperty("tags").GetProperty("team").GetString(), Is.EqualTo("billing"));
            Assert.That(audit.Select(a => (a.GetProperty("command").GetString(), a.GetProperty("accepted").GetBoolean(), a.GetProperty("sender").GetString())),
                Is.EqualTo(new[] { ("ScheduleJob", true, "api:alice") }));
        });
    }

    [Test]
    public async Task Should_send_the_valid_jobs_of_a_batch_and_name_each_invalid_one()
    {
        var good = FarFuture(Guid.NewGuid());
        var bad = FarFuture(Guid.NewGuid()) with { JobType = "bad type!" };
        var other = FarFuture(Guid.NewGuid());

        var (status, body, _) = await PostJson("/api/jobs/batch", new ScheduleJobs { Jobs = [good, bad, other] }, user: "bulk");

        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(body.GetProperty("sent").EnumerateArray().Select(e => e.GetGuid()), Is.EqualTo(new[] { good.JobId, other.JobId }));
            Assert.That(rejected.Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("jobId").GetGuid())), Is.EqualTo(new[] { (1, bad.JobId) }));
            Assert.That(rejected[0].GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()), Is.EqualTo(new[] { "jobType" }));
        });
        await Probe.WaitFor<JobAccepted>(a => a.JobId == good.JobId, Wait, "the first valid job");
        await Probe.WaitFor<JobAccepted>(a => a.JobId == other.JobId, Wait, "the second valid job");
        var (badStatus, _) = await GetJson($"/api/jobs/{bad.JobId}");
        Assert.That(badStatus, Is.EqualTo(HttpStatusCode.NotFound), "the invalid job was not sent");
    }

    [Test]
    public async Task Should_answer_400_to_a_batch_without_a_valid_job()
    {
        var (empty, emptyBody, _) = await PostJson("/api/jobs/batch", new ScheduleJobs { Jobs = [] });
        var (invalid, invalidBody, _) = await PostJson("/api/jobs/batch", new ScheduleJobs { Jobs = [FarFuture(Guid.NewGuid()) with { Priority = 12 }] });

        Assert.Multiple(() =>
        {
            Assert.That(empty, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(emptyBody.GetProperty("errors").TryGetProperty("jobs", out _), Is.True);
            Assert.That(invalid, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(invalidBody.GetProperty("errors").TryGetProperty("jobs[0].priority", out _), Is.True);
        });
    }

    [Test]
    public async Task Should_assign_a_job_id_when_the_body_has_none_and_record_an_anonymous_sender()
    {
        var (status, body, _) = await PostJson("/api/jobs", """
            { "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" }, "overlap": "Queue", "timeout": "00:01:30" }
            """);
        var jobId = body.GetProperty("jobId").GetGuid();

        await Probe.WaitFor<JobAccepted>(a => a.JobId == jobId, Wait, "the job with an assigned id to be accepted");
        var stored = (await GetJson($"/api/jobs/{jobId}")).Body;
        var audit = Items((await GetJson($"/api/audit?jobId={jobId}")).Body);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(jobId, Is.Not.EqualTo(Guid.Empty));
            Assert.That(body.GetProperty("sender").GetString(), Is.EqualTo("api"));
            Assert.That(stored.GetProperty("definition").GetProperty("overlap").GetString(), Is.EqualTo("Queue"));
            Assert.That(stored.GetProperty("definition").GetProperty("timeout").GetString(), Is.EqualTo("00:01:30"));
            Assert.That(audit.Single().GetProperty("sender").GetString(), Is.EqualTo("api"));
        });
    }

    [Test]
    public async Task Should_answer_400_with_every_field_error_of_a_bad_job_and_send_nothing()
    {
        var job = new ScheduleJob { JobId = Guid.NewGuid(), JobType = "", Trigger = new JobTrigger { Kind = TriggerKind.Once }, Priority = 12 };

        var (status, body, _) = await PostJson("/api/jobs", job, user: "mallory");

        // A good job sent after it is accepted: had the bad one been published, its rejection would be audited by now.
        var good = FarFuture(Guid.NewGuid());
        await PostJson("/api/jobs", good, user: "mallory");
        await Probe.WaitFor<JobAccepted>(a => a.JobId == good.JobId, Wait, "the good job to be accepted");
        var audit = Items((await GetJson($"/api/audit?jobId={job.JobId}")).Body);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "jobType", "trigger.runAt", "priority" }));
            Assert.That(body.GetProperty("errors").GetProperty("priority")[0].GetString(), Does.Contain("0-9"));
            Assert.That(audit, Is.Empty, "a job refused by the API never reaches the scheduler");
            Assert.That(Probe.Received<JobRejected>().Where(r => r.JobId == job.JobId), Is.Empty);
        });
    }

    [Test]
    public async Task Should_answer_400_for_a_parent_the_scheduler_does_not_know()
    {
        var unknown = Guid.NewGuid();
        var job = FarFuture(Guid.NewGuid()) with { DependsOn = [unknown] };

        var (status, body, _) = await PostJson("/api/jobs", job);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty("dependsOn")[0].GetString(), Does.Contain(unknown.ToString()));
        });
    }

    [TestCase("{ \"jobType\": \"platform.noop\", \"priority\": \"high\" }", "priority", "cannot be read as part of a ScheduleJob")]
    [TestCase("{ \"jobId\": \"not-a-guid\" }", "jobId", "cannot be read as part of a ScheduleJob")]
    [TestCase("{ this is not json", "body", "cannot be read as part of a ScheduleJob")]
    [TestCase("", "body", "is required: a ScheduleJob as JSON")]
    public async Task Should_answer_400_for_a_body_that_is_not_a_schedule_job(string json, string field, string message)
    {
        var (status, body, _) = await PostJson("/api/jobs", json);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task Should_answer_415_for_a_body_that_is_not_json()
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jobType"] = "platform.noop" });
        using var response = await Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Should_answer_400_for_an_unusable_user_header()
    {
        var (status, body, _) = await PostJson("/api/jobs", FarFuture(Guid.NewGuid()), user: new string('u', 101));
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty("X-Platform-User")[0].GetString(), Does.Contain("at most 100 characters"));
        });
    }

    [Test]
    public async Task Should_pause_resume_and_cancel_a_job_with_reasons_in_the_audit_trail()
    {
        var job = FarFuture(Guid.NewGuid());
        await PostJson("/api/jobs", job, user: "alice");
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");

        var pause = await PostJson($"/api/jobs/{job.JobId}/pause", new { reason = "maintenance window" }, user: "bob");
        var paused = await Probe.WaitFor<JobPaused>(p => p.JobId == job.JobId, Wait, "the job to pause");
        var whilePaused = (await GetJson($"/api/jobs/{job.JobId}")).Body;

        var resume = await PostJson($"/api/jobs/{job.JobId}/resume", null, user: "bob");
        await Probe.WaitFor<JobResumed>(r => r.JobId == job.JobId, Wait, "the job to resume");
        var afterResume = (await GetJson($"/api/jobs/{job.JobId}")).Body;

        var cancel = await PostJson($"/api/jobs/{job.JobId}/cancel", new { reason = "retired" }, user: "carol");
        var cancelled = await Probe.WaitFor<JobCancelled>(c => c.JobId == job.JobId, Wait, "the job to be cancelled");
        var afterCancel = (await GetJson($"/api/jobs/{job.JobId}")).Body;

        var audit = Items((await GetJson($"/api/audit?jobId={job.JobId}")).Body).Reverse()
            .Select(a => (a.GetProperty("command").GetString(), a.GetProperty("sender").GetString(), a.GetProperty("outcome").GetString()));
        Assert.Multiple(() =>
        {
            Assert.That(new[] { pause.Status, resume.Status, cancel.Status }, Is.All.EqualTo(HttpStatusCode.Accepted));
            Assert.That(pause.Body.GetProperty("command").GetString(), Is.EqualTo("PauseJob"));
            Assert.That(paused.Reason, Is.EqualTo("maintenance window"));
            Assert.That(whilePaused.GetProperty("state").GetString(), Is.EqualTo("Paused"));
            Assert.That(whilePaused.GetProperty("triggerState").GetString(), Is.EqualTo("Paused"));
            Assert.That(afterResume.GetProperty("state").GetString(), Is.EqualTo("Active"));
            Assert.That(cancelled.Reason, Is.EqualTo("retired"));
            Assert.That(afterCancel.GetProperty("state").GetString(), Is.EqualTo("Cancelled"));
            Assert.That(audit, Is.EqualTo(new[]
            {
                ("ScheduleJob", "api:alice", "created"),
                ("PauseJob", "api:bob", "maintenance window"),
                ("ResumeJob", "api:bob", "resumed"),
                ("CancelJob", "api:carol", "retired"),
            }));
        });
    }

    [TestCase("cancel")]
    [TestCase("pause")]
    [TestCase("resume")]
    [TestCase("trigger")]
    public async Task Should_answer_404_for_a_command_to_an_unknown_job(string verb)
    {
        var unknown = Guid.NewGuid();
        var (status, body, response) = await PostJson($"/api/jobs/{unknown}/{verb}", null);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("detail").GetString(), Does.Contain(unknown.ToString()));
        });
    }

    [Test]
    public async Task Should_answer_400_for_a_bad_job_id_or_reason()
    {
        var (badId, badIdBody, _) = await PostJson("/api/jobs/42/pause", null);
        var (badReason, badReasonBody, _) = await PostJson($"/api/jobs/{Guid.NewGuid()}/pause", "{ \"reason\": 7 }");
        Assert.Multiple(() =>
        {
            Assert.That(badId, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badIdBody.GetProperty("errors").GetProperty("jobId")[0].GetString(), Does.Contain("must be a GUID"));
            Assert.That(badReason, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(badReasonBody.GetProperty("errors").GetProperty("reason")[0].GetString(), Does.Contain("cannot be read"));
        });
    }

    [Test]
    public async Task Should_trigger_a_run_and_replay_it_once_it_is_dead_lettered()
    {
        var job = FarFuture(Guid.NewGuid()) with { JobType = "api.test.nobody-handles-this" };
        await PostJson("/api/jobs", job);
        await Probe.WaitFor<JobAccepted>(a => a.JobId == job.JobId, Wait, "the job to be accepted");

        var trigger = await PostJson($"/api/jobs/{job.JobId}/trigger", new { reason = "month end" }, user: "dave");
        var deadLettered = await Probe.WaitFor<JobRunDeadLettered>(d => d.JobId == job.JobId, Wait, "the run no worker handles to be dead-lettered");
        // The event comes from the worker side (here: the unrouted-run consumer); the run's state machine records it after.
        await Eventually(async () => Items((await GetJson($"/api/jobs/{job.JobId}/runs?state=DeadLettered")).Body).Length == 1, Wait,
            "the run history to show the run dead-lettered");
        var runs = Items((await GetJson($"/api/jobs/{job.JobId}/runs")).Body);

        var replay = await PostJson($"/api/runs/{deadLettered.RunId}/replay", new { reason = "handler deployed", priority = 9 }, user: "dave");
        // The scheduler dispatches the replay; still no worker handles the type, so replay 1 is dead-lettered in turn.
        var again = await Probe.WaitFor<JobRunDeadLettered>(d => d.RunId == deadLettered.RunId && d.Replay == 1, Wait, "the replay to be dispatched");
        await Eventually(async () => (await GetJson($"/api/runs/{deadLettered.RunId}")).Body.GetProperty("replay").GetInt32() == 1, Wait,
            "the run history to show the replay");
        await Eventually(() => Task.FromResult(_replays!.Received.Any(r => r.Message.RunId == deadLettered.RunId)), Wait,
            "the ReplayJobRun to reach a queue bound to it");
        var command = _replays!.Received.Single(r => r.Message.RunId == deadLettered.RunId);
        var succeeded = Guid.NewGuid();
        await using (var db = SchedulerDb())
        {
            db.Runs.Add(SchedulerRows.Run(succeeded, job.JobId, job.JobType, "Succeeded", TimeProvider.System.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        var notReplayable = await PostJson($"/api/runs/{succeeded}/replay", null);
        var triggerAudit = Items((await GetJson($"/api/audit?jobId={job.JobId}&command=TriggerJobNow")).Body).Single();

        Assert.Multiple(() =>
        {
            Assert.That(trigger.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(runs.Select(r => r.GetProperty("runId").GetGuid()), Is.EqualTo(new[] { deadLettered.RunId }), "one run, the one triggered");
            Assert.That(runs[0].GetProperty("cause").GetString(), Does.Contain("month end"));
            Assert.That(runs[0].GetProperty("error").GetString(), Does.Contain("No worker has a handler"));
            Assert.That(replay.Status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(replay.Response.Headers.Location?.ToString(), Is.EqualTo($"/api/runs/{deadLettered.RunId}"));
            Assert.That(replay.Body.GetProperty("runId").GetGuid(), Is.EqualTo(deadLettered.RunId));
            Assert.That(replay.Body.GetProperty("jobId").GetGuid(), Is.EqualTo(job.JobId));
            Assert.That(again.Attempt, Is.EqualTo(1), "a replayed run starts over");
            Assert.That(command.Message.Replay, Is.EqualTo(0), "the replay the API saw dead-lettered, read from the run");
            Assert.That(command.Message.JobId, Is.EqualTo(job.JobId), "the job id read from the run");
            Assert.That(command.Message.JobType, Is.EqualTo("api.test.nobody-handles-this"), "the job type read from the run");
            Assert.That(command.Message.Reason, Is.EqualTo("handler deployed"));
            Assert.That(command.Message.Priority, Is.EqualTo(9));
            Assert.That(command.Sender, Is.EqualTo("api:dave"));
            Assert.That(notReplayable.Status, Is.EqualTo(HttpStatusCode.Conflict), "only a dead-lettered or timed-out run can be replayed");
            Assert.That(notReplayable.Body.GetProperty("detail").GetString(), Does.Contain("is Succeeded"));
            Assert.That(triggerAudit.GetProperty("sender").GetString(), Is.EqualTo("api:dave"));
        });
    }

    [Test]
    public async Task Should_answer_404_for_a_replay_of_an_unknown_run_and_400_for_a_bad_priority()
    {
        var (unknown, _, _) = await PostJson($"/api/runs/{Guid.NewGuid()}/replay", null);
        var (badPriority, body, _) = await PostJson($"/api/runs/{Guid.NewGuid()}/replay", new { priority = 10 });
        Assert.Multiple(() =>
        {
            Assert.That(unknown, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badPriority, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty("priority")[0].GetString(), Does.Contain("must be 0-9"));
        });
    }

    static ScheduleJob FarFuture(Guid jobId) => new()
    {
        JobId = jobId,
        JobType = "platform.noop",
        Payload = JsonSerializer.SerializeToElement(new { note = "over http" }),
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) },
    };

    static JsonElement[] Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToArray();
}
