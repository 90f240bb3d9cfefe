using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using NUnit.Framework;
using Platform.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>
/// Least privilege on the broker (issue 15): the API whose RabbitMQ user has only the permissions of
/// deploy/rabbitmq/permissions.txt publishes commands and hears the workers' announcements; with the same credentials
/// nothing can read the scheduler's queue or hand a run straight to the workers.
/// </summary>
[TestFixture]
public sealed class When_the_api_uses_its_own_broker_user : SchedulerScenario
{
    readonly string _user = $"test-api-{Guid.NewGuid():N}";
    readonly string _password = Guid.NewGuid().ToString("N");
    WebApplicationFactory<Program>? _api;
    HttpClient? _http;

    HttpClient Http => _http!;

    [OneTimeSetUp]
    public async Task StartTheApiWithItsOwnUser()
    {
        using (var created = await Management.PutAsync(new Uri($"api/users/{_user}", UriKind.Relative),
                   JsonContent.Create(new { password = _password, tags = "" })))
            created.EnsureSuccessStatusCode();
        var line = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "rabbitmq-permissions.txt"))
            .Single(l => l.StartsWith("api\t", StringComparison.Ordinal)).Split('\t');
        using (var granted = await Management.PutAsync(new Uri($"api/permissions/{VirtualHost}/{_user}", UriKind.Relative),
                   JsonContent.Create(new { configure = line[1], write = line[2], read = line[3] })))
            granted.EnsureSuccessStatusCode();

        var configuration = Configuration();
        configuration["Platform:Api:ConnectionString"] = ConnectionString;
        configuration["Platform:RabbitMq:Username"] = _user;
        configuration["Platform:RabbitMq:Password"] = _password;
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
        using (await Management.DeleteAsync(new Uri($"api/users/{_user}", UriKind.Relative)))
        {
        }
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
    public async Task Should_not_let_its_credentials_read_the_schedulers_queue_or_hand_runs_to_workers()
    {
        var factory = new ConnectionFactory
        {
            HostName = Servers.RabbitHost,
            Port = Servers.RabbitPort,
            VirtualHost = VirtualHost,
            UserName = _user,
            Password = _password,
        };
        await using var connection = await factory.CreateConnectionAsync();

        await using (var reading = await connection.CreateChannelAsync())
        {
            var refused = Assert.ThrowsAsync<OperationInterruptedException>(() => reading.BasicGetAsync("platform-scheduler", autoAck: false));
            Assert.That(refused!.ShutdownReason?.ReplyCode, Is.EqualTo(403), "reading the scheduler's queue");
        }

        await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{ "runId": "{{Guid.NewGuid()}}", "jobType": "platform.noop" }""");
        var denied = Assert.CatchAsync(async () =>
            await publishing.BasicPublishAsync(PlatformRunsExchange, "platform.noop", mandatory: false, new BasicProperties(), body));
        Assert.That(denied, Is.Not.Null, "publishing an ExecuteJobRun straight to the workers");
        Assert.That(publishing.CloseReason?.ReplyCode, Is.EqualTo(403), "the broker refused the publish");
    }

    const string PlatformRunsExchange = "Platform.Contracts:ExecuteJobRun";
}
