using System.Text.Json;
using Microsoft.Playwright;
using NUnit.Framework;
using Platform.Contracts;
using static Microsoft.Playwright.Assertions;

namespace Platform.Dashboard.Tests;

/// <summary>A Reader key sees every page and every number, and no button that acts; a wrong key gets the login form back.</summary>
[TestFixture]
public sealed class When_a_reader_uses_the_dashboard : DashboardFixture
{
    Guid _jobId;

    [OneTimeSetUp]
    public async Task ScheduleAndSignIn()
    {
        _jobId = await ScheduleAsync(new ScheduleJob
        {
            JobId = Guid.NewGuid(),
            JobType = "platform.fail",
            Payload = JsonSerializer.SerializeToElement(new { failTimes = 5 }),
            Retry = new RetryPolicy { MaxAttempts = 1 },
            Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = TimeProvider.System.GetUtcNow() },
        });
        await Eventually(async () => (await GetJsonAsync($"/api/runs?jobId={_jobId}&state=DeadLettered")).GetProperty("items").GetArrayLength() == 1,
            Wait, "the run to be dead-lettered");
        await Page.GotoAsync($"{BaseUrl}/dashboard/");
        await Expect(Page.GetByTestId("login")).ToBeVisibleAsync();
        await ScreenshotAsync("login");
        await SignInAsync(ReaderKey);
    }

    [Test]
    public async Task Should_show_the_jobs_without_any_button()
    {
        await GoAsync("/jobs");
        await Expect(Page.Locator($"[data-job-id='{_jobId}']")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("role")).ToContainTextAsync("rick (Reader)");
        Assert.Multiple(async () =>
        {
            Assert.That(await Page.Locator("#jobs button").CountAsync(), Is.Zero, "no Trigger, Pause, Resume or Cancel");
            Assert.That(await Page.GetByTestId("new-job").CountAsync(), Is.Zero);
        });
    }

    [Test]
    public async Task Should_show_a_job_and_its_dead_letters_without_any_button()
    {
        await GoAsync($"/jobs/{_jobId}");
        await Expect(Page.GetByTestId("run-state").First).ToHaveTextAsync("DeadLettered");
        Assert.Multiple(async () =>
        {
            Assert.That(await Page.Locator("main button").CountAsync(), Is.Zero, "no action, no backfill, no publish");
            Assert.That(await Page.Locator("textarea").CountAsync(), Is.Zero, "the definition is shown, not editable");
        });

        await GoAsync("/dead-letters");
        await Expect(Page.GetByTestId("dead-run").First).ToBeVisibleAsync();
        Assert.That(await Page.Locator("main button:not([type=submit]), main input[type=checkbox]").CountAsync(), Is.Zero,
            "only the filter's button: no replay, no selection");
        await ScreenshotAsync("reader-dead-letters");
    }

    [Test]
    public async Task Should_read_the_api_reference_with_every_asset_served_by_the_api()
    {
        var requested = new List<string>();
        var reference = await Page.Context.NewPageAsync();
        reference.Request += (_, request) => requested.Add(request.Url);
        await reference.GotoAsync($"{BaseUrl}/reference", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(reference).ToHaveTitleAsync("Platform API");
        await Expect(reference.GetByRole(AriaRole.Link, new() { Name = "Session" })).ToBeVisibleAsync();
        await Expect(reference.GetByRole(AriaRole.Link, new() { Name = "Dead letters" })).ToBeVisibleAsync();
        await reference.CloseAsync();

        Assert.That(requested.Where(url => !url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)),
            Is.Empty, "no CDN: the machines have no internet");
    }

    [Test]
    public async Task Should_be_refused_a_command_by_the_api_even_without_the_page()
    {
        using var reader = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ReaderKey);
        using var response = await reader.PostAsync(new Uri($"/api/jobs/{_jobId}/trigger", UriKind.Relative), null);
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Forbidden));
    }
}
