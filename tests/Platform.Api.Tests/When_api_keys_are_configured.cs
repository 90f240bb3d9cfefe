using System.Net;
using NUnit.Framework;
using Platform.Contracts;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>With API keys configured every route under /api needs a key: none or a wrong one answers 401, a Reader key
/// reads but may not send commands (403), an Operator key sends them as its own user whatever X-Platform-User says.
/// Health, metrics and the OpenAPI document stay open.</summary>
[TestFixture]
public sealed class When_api_keys_are_configured : KeyedApiFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Should_answer_401_with_problem_details_without_a_key()
    {
        var get = await Send(HttpMethod.Get, "/api/jobs", null);
        var post = await Send(HttpMethod.Post, "/api/jobs", Job(), ("X-Platform-User", "mallory"));

        Assert.Multiple(() =>
        {
            Assert.That(get.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(post.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(get.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(get.Response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
            Assert.That(get.Body.GetProperty("detail").GetString(), Does.Contain("Authorization: Bearer <key>"));
        });
    }

    [Test]
    public async Task Should_answer_401_for_a_wrong_key_in_either_header()
    {
        var bearer = await Send(HttpMethod.Get, "/api/jobs", null, Bearer("not-a-key"));
        var header = await Send(HttpMethod.Post, "/api/jobs", Job(), ApiKeyHeader(OperatorKey + "x"));

        Assert.Multiple(() =>
        {
            Assert.That(bearer.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(header.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(bearer.Body.GetProperty("detail").GetString(), Is.EqualTo("The API key is not valid."));
        });
    }

    [Test]
    public async Task Should_let_a_reader_key_read_but_answer_403_to_its_commands()
    {
        var get = await Send(HttpMethod.Get, "/api/jobs", null, Bearer(ReaderKey));
        var viaHeader = await Send(HttpMethod.Get, "/api/runs", null, ApiKeyHeader(ReaderKey));
        var post = await Send(HttpMethod.Post, "/api/jobs", Job(), Bearer(ReaderKey));

        Assert.Multiple(() =>
        {
            Assert.That(get.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(viaHeader.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(post.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(post.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(post.Body.GetProperty("detail").GetString(), Does.Contain("'rita' has the role Reader"));
        });
    }

    [Test]
    public async Task Should_publish_an_operator_command_as_the_key_user_whatever_the_user_header_says()
    {
        var job = Job();

        var (status, body, _) = await Send(HttpMethod.Post, "/api/jobs", job, Bearer(OperatorKey), ("X-Platform-User", "mallory"));

        await Eventually(() => Task.FromResult(Schedules.Received.Any(r => r.Message.JobId == job.JobId)), Wait,
            "the ScheduleJob to reach a queue bound to it");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(body.GetProperty("sender").GetString(), Is.EqualTo($"api:{OperatorUser}"));
            Assert.That(Schedules.Received.Single(r => r.Message.JobId == job.JobId).Sender, Is.EqualTo($"api:{OperatorUser}"));
        });
    }

    [TestCase("/health/live")]
    [TestCase("/metrics")]
    [TestCase("/openapi/v1.json")]
    public async Task Should_keep_health_metrics_and_the_openapi_document_open(string url)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    static ScheduleJob Job() => new()
    {
        JobId = Guid.NewGuid(),
        JobType = "platform.noop",
        Trigger = new JobTrigger { Kind = TriggerKind.Once, RunAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) },
    };
}
