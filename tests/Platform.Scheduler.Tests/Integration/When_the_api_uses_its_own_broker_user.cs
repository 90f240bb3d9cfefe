using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using NUnit.Framework;
using Platform.Contracts;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// Least privilege on the broker (issue 15): the API whose RabbitMQ user has only the permissions of
/// deploy/rabbitmq/permissions.txt publishes commands and hears the workers' announcements; with the same credentials
/// nothing can read the scheduler's queue or hand a run straight to the workers.
/// </summary>
[TestFixture]
public sealed class When_the_api_uses_its_own_broker_user : SchedulerScenario
{
    DeployedBrokerUser? _user;
    WebApplicationFactory<Program>? _api;
    HttpClient? _http;

    HttpClient Http => _http!;

    [OneTimeSetUp]
    public async Task StartTheApiWithItsOwnUser()
    {
        _user = await DeployedBrokerUser.CreateAsync(Management, Servers, VirtualHost, "api");
        var configuration = _user.Apply(Configuration());
        configuration["Platform:Api:ConnectionString"] = ConnectionString;
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in configuration)
                web.UseSetting(key, value);
        });
        _http = _api.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopTheApi()
    {
        _http?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
        if (_user is not null)
            await _user.DeleteAsync();
    }

    [Test]
    public async Task Should_schedule_and_cancel_jobs_and_list_workers_with_only_its_permissions()
    {
        var jobId = Guid.NewGuid();
        var later = Guid.NewGuid();
        using var posted = await Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), JsonContent.Create(new
        {
            jobId, jobType = "platform.noop", trigger = new { kind = "Once", runAt = Now.ToString("O") },
        }));
        using var postedLater = await Http.PostAsync(new Uri("/api/jobs", UriKind.Relative), JsonContent.Create(new
        {
            jobId = later, jobType = "platform.noop", trigger = new { kind = "Once", runAt = Now.AddDays(1).ToString("O") },
        }));
        Assert.That((posted.StatusCode, postedLater.StatusCode), Is.EqualTo((HttpStatusCode.Accepted, HttpStatusCode.Accepted)));

        await Probe.WaitFor<JobRunSucceeded>(s => s.JobId == jobId, Wait, "the job posted through the restricted API to run");
        await Probe.WaitFor<JobAccepted>(a => a.JobId == later, Wait, "the later job to be accepted");
        using var cancelled = await Http.PostAsync(new Uri($"/api/jobs/{later}/cancel", UriKind.Relative), JsonContent.Create(new { reason = "test" }));
        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        await Probe.WaitFor<JobCancelled>(c => c.JobId == later, Wait, "the cancel sent through the restricted API");

        await Eventually(async () =>
        {
            var workers = await Http.GetFromJsonAsync<JsonElement>(new Uri("/api/workers", UriKind.Relative));
            return workers.GetArrayLength() > 0;
        }, Wait, "the restricted API to hear a worker's announcement");
    }

    [Test]
    public Task Should_not_let_its_credentials_read_the_schedulers_queue_or_hand_runs_to_workers() =>
        _user!.AssertRefusedAsync("platform-scheduler", "Platform.Contracts:ExecuteJobRun", "platform.noop",
            $$"""{ "runId": "{{Guid.NewGuid()}}", "jobType": "platform.noop" }""", "publishing an ExecuteJobRun straight to the workers");
}
