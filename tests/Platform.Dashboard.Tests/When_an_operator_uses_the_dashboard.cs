using System.Text.Json;
using Microsoft.Playwright;
using NUnit.Framework;
using Platform.Contracts;
using static Microsoft.Playwright.Assertions;

namespace Platform.Dashboard.Tests;

/// <summary>An operator (Operator key) in headless Chromium: schedules a job from the page and watches it succeed,
/// pauses and resumes a job, replays a dead letter with an edited payload, backfills; each page is kept as a screenshot.</summary>
[TestFixture]
public sealed class When_an_operator_uses_the_dashboard : DashboardFixture
{
    [OneTimeSetUp]
    public Task SignIn() => SignInAsync(OperatorKey);

    [Test]
    public async Task Should_schedule_a_job_from_the_page_and_watch_it_succeed_live()
    {
        await GoAsync("/jobs");
        await Page.GetByTestId("new-job").ClickAsync();
        await Page.GetByTestId("job-type").FillAsync("platform.sleep");
        await Page.GetByTestId("payload").FillAsync("{ \"ms\": 1500 }");
        await Page.GetByTestId("owner").FillAsync("ops-team");
        await Page.GetByTestId("tags").FillAsync("team:ops,env:demo");
        await ScreenshotAsync("new-job");
        await Page.GetByTestId("schedule").ClickAsync();

        // The page moves to the new job and shows its run go from in progress to Succeeded without a reload.
        // Polled: the hash can change before a navigation waiter is listening.
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/#/jobs/[0-9a-f-]{36}$"));
        var runState = Page.GetByTestId("run-state").First;
        await Expect(runState).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Queued|Running|Succeeded"));
        var seen = await runState.InnerTextAsync();
        await Expect(Page.GetByTestId("last-outcome")).ToContainTextAsync("Succeeded");
        await Expect(runState).ToHaveTextAsync("Succeeded");
        await ScreenshotAsync("job");

        var jobId = Guid.Parse(Page.Url[(Page.Url.LastIndexOf('/') + 1)..]);
        var job = await GetJsonAsync($"/api/jobs/{jobId}");
        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.AnyOf("Queued", "Running", "Succeeded"));
            Assert.That(job.GetProperty("owner").GetString(), Is.EqualTo("ops-team"));
            Assert.That(job.GetProperty("definition").GetProperty("tags").GetProperty("env").GetString(), Is.EqualTo("demo"));
        });

        await Page.GetByTestId("run-row").First.Locator("a").First.ClickAsync();
        await Expect(Page.GetByTestId("timeline")).ToContainTextAsync("Succeeded");
        await Expect(Page.GetByTestId("trace-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^http://tempo.invalid/trace\\?run="));
        await ScreenshotAsync("run");
    }

    [Test]
    public async Task Should_show_the_field_errors_of_a_bad_job_on_the_form()
    {
        await GoAsync("/jobs");
        await Page.GetByTestId("new-job").ClickAsync();
        await Page.GetByTestId("job-type").FillAsync("not a type!");
        await Page.GetByTestId("priority").FillAsync("12");
        await Page.GetByTestId("schedule").ClickAsync();

        var errors = Page.GetByTestId("errors");
        await Expect(errors).ToContainTextAsync("jobType");
        await Expect(errors).ToContainTextAsync("priority");
        Assert.That(Page.Url, Does.EndWith("#/jobs"), "the page stays on the form");
    }

    [Test]
    public async Task Should_pause_and_resume_a_job_from_the_jobs_page()
    {
        var jobId = await ScheduleAsync(Yearly($"pause-{Guid.NewGuid():N}"));
        await GoAsync($"/jobs?q={jobId}");
        var row = Page.Locator($"[data-job-id='{jobId}']");
        await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Active");

        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Paused");
        var paused = (await GetJsonAsync($"/api/jobs/{jobId}")).GetProperty("state").GetString();
        await row.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Active");

        var audit = await GetJsonAsync($"/api/audit?jobId={jobId}");
        Assert.Multiple(() =>
        {
            Assert.That(paused, Is.EqualTo("Paused"));
            Assert.That(audit.GetProperty("items").EnumerateArray().Select(a => (a.GetProperty("command").GetString(), a.GetProperty("sender").GetString())),
                Is.SupersetOf(new[] { ("PauseJob", "api:olivia"), ("ResumeJob", "api:olivia") }));
        });
        await GoAsync("/jobs");
        await Expect(Page.GetByTestId("job-row").First).ToBeVisibleAsync();
        await ScreenshotAsync("jobs");
    }

    [Test]
    public async Task Should_replay_a_dead_letter_with_an_edited_payload_after_the_count()
    {
        var job = new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.fail",
            Payload = JsonSerializer.SerializeToElement(new { failTimes = 5 }),
            Retry = new RetryPolicy { MaxAttempts = 1 },
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
        };
        await ScheduleAsync(job);
        await GoAsync("/dead-letters");
        var row = Page.GetByTestId("dead-run").Filter(new() { HasText = job.JobId.ToString()[..8] });
        await Expect(row).ToBeVisibleAsync();
        await ScreenshotAsync("dead-letters");

        await Page.Locator("#bulk-payload").FillAsync("{ \"failTimes\": 0 }");
        await row.GetByTestId("replay-one").ClickAsync();
        await Expect(Page.GetByTestId("replay-count")).ToContainTextAsync("1 run(s) will be replayed");
        await Page.GetByTestId("confirm-replay").ClickAsync();
        await Expect(Page.GetByTestId("replay-sent")).ToContainTextAsync("Replayed 1 run(s)");

        await GoAsync($"/jobs/{job.JobId}");
        await Expect(Page.GetByTestId("run-state").First).ToHaveTextAsync("Succeeded");
        var run = (await GetJsonAsync($"/api/jobs/{job.JobId}/runs")).GetProperty("items")[0];
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("replay").GetInt32(), Is.EqualTo(1));
            Assert.That(run.GetProperty("state").GetString(), Is.EqualTo("Succeeded"));
        });
    }

    [Test]
    public async Task Should_backfill_a_past_range_after_showing_its_count()
    {
        var jobId = await ScheduleAsync(Yearly($"backfill-{Guid.NewGuid():N}"));
        await GoAsync($"/jobs/{jobId}");
        await Expect(Page.GetByTestId("cron-words")).ToHaveTextAsync("at 00:00, on day 1 of the month, in January");
        await Expect(Page.GetByTestId("cron-next").Locator("li")).ToHaveCountAsync(10);
        await Page.GetByTestId("backfill-from").FillAsync("2021-01-01T00:00:00Z");
        await Page.GetByTestId("backfill-to").FillAsync("2023-06-01T00:00:00Z");
        await Page.GetByTestId("backfill-preview").ClickAsync();
        await Expect(Page.GetByTestId("backfill-count")).ToContainTextAsync("3 occurrence(s) will run");
        await Page.GetByTestId("backfill-run").ClickAsync();

        await Expect(Page.GetByTestId("run-row")).ToHaveCountAsync(3);
        await Expect(Page.GetByTestId("run-state").Filter(new() { HasText = "Succeeded" })).ToHaveCountAsync(3);
        var runs = (await GetJsonAsync($"/api/runs?jobId={jobId}&cause=backfill")).GetProperty("items");
        Assert.That(runs.GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public async Task Should_show_the_overview_workers_runs_and_audit_pages()
    {
        await ScheduleAsync(Yearly($"overview-{Guid.NewGuid():N}") with { JobType = "platform.noop" });
        await GoAsync("/workers");
        await Expect(Page.GetByTestId("worker-row").First).ToContainTextAsync("platform.sleep");
        await Expect(Page.GetByTestId("worker-row").First).ToContainTextAsync("Up");
        await ScreenshotAsync("workers");

        await GoAsync("/");
        await Expect(Page.GetByTestId("queues")).ToContainTextAsync("platform-jobs");
        await Expect(Page.GetByTestId("success-rate")).ToBeVisibleAsync();
        await ScreenshotAsync("overview");

        await GoAsync("/runs");
        await Expect(Page.GetByTestId("run-row").First).ToBeVisibleAsync();
        await ScreenshotAsync("runs");

        await GoAsync("/audit");
        await Expect(Page.GetByTestId("audit")).ToContainTextAsync("ScheduleJob");
        await ScreenshotAsync("audit");
    }

    static ScheduleJob Yearly(string type) => new()
    {
        JobId = Guid.NewGuid(),
        JobType = "platform.sleep",
        Payload = JsonSerializer.SerializeToElement(new { ms = 200 }),
        Owner = type,
        Trigger = new JobTrigger { Kind = TriggerKind.Cron, Cron = "0 0 1 1 *" },
    };
}
