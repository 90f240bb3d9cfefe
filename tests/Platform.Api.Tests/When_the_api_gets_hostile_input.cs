using System.Net;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>Odd input gets a 4xx with problem details naming what is wrong, never a 500: bodies over the size limit, a map
/// naming a key twice, non-finite numbers, NUL characters in a body or a query.</summary>
[TestFixture]
public sealed class When_the_api_gets_hostile_input : ApiFixture
{
    const int BodyLimit = 4096;

    protected override void ConfigureApi(IDictionary<string, string?> configuration)
    {
        configuration["Platform:Api:MaxPayloadBytes"] = "1024";
        configuration["Platform:Api:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    static string Job(string extra) =>
        $$"""{ "jobType": "platform.noop", "trigger": { "kind": "Once", "runAt": "2099-01-01T00:00:00Z" }{{extra}} }""";

    [TestCase("/api/jobs")]
    [TestCase("/api/jobs/batch")]
    public async Task Should_answer_413_with_problem_details_to_a_body_over_the_limit(string url)
    {
        var (status, body, _) = await PostJson(url, Job($", \"owner\": \"{new string('x', BodyLimit)}\""));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(413));
            Assert.That(body.GetProperty("detail").GetString(), Does.Contain("MaxRequestBodyBytes"));
        });
    }

    [Test]
    public async Task Should_answer_413_to_a_chunked_body_over_the_limit()
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Job($", \"owner\": \"{new string('x', BodyLimit)}\""))));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [TestCase("/api/jobs", ", \"tags\": { \"team\": \"a\", \"team\": \"b\" }", "tags", "names the key 'team' more than once")]
    [TestCase("/api/jobs", ", \"retry\": { \"maxAttempts\": 3, \"multiplier\": 1e400 }", "retry.multiplier", "must be between 1 and 100")]
    [TestCase("/api/jobs", ", \"retry\": { \"maxAttempts\": 3, \"multiplier\": \"NaN\" }", "retry.multiplier", "cannot be read")]
    [TestCase("/api/jobs", ", \"priority\": 1e400", "priority", "cannot be read")]
    [TestCase("/api/jobs", ", \"owner\": \"ops\\u0000team\"", "owner", "NUL")]
    [TestCase("/api/jobs", ", \"tags\": { \"team\": \"o\\u0000ps\" }", "tags", "NUL")]
    [TestCase("/api/jobs", ", \"payload\": { \"note\": \"a\\u0000b\" }", "payload", "NUL")]
    public async Task Should_answer_400_naming_the_field(string url, string extra, string field, string message)
    {
        var (status, body, _) = await PostJson(url, Job(extra));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task Should_name_the_job_of_a_batch_whose_tags_name_a_key_twice()
    {
        var (status, body, _) = await PostJson("/api/jobs/batch", $$"""{ "jobs": [ {{Job("")}}, {{Job(", \"tags\": { \"a\": \"1\", \"a\": \"2\" }")}} ] }""");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty("jobs[1].tags")[0].GetString(), Does.Contain("names the key 'a' more than once"));
        });
    }

    [TestCase("/api/jobs?owner=ops%00team", "owner")]
    [TestCase("/api/jobs?q=%00", "q")]
    [TestCase("/api/jobs?tag=team:%00", "tag")]
    [TestCase("/api/runs?jobType=a%00", "jobType")]
    [TestCase("/api/audit?command=%00", "command")]
    [TestCase("/api/cron/next?cron=0%209%20*%20*%20*%00", "cron")]
    [TestCase("/api/jobs?unknown=%00", "unknown")]
    public async Task Should_answer_400_to_a_nul_in_a_query_parameter(string url, string parameter)
    {
        var (status, body) = await GetJson(url);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").GetProperty(parameter)[0].GetString(), Does.Contain("NUL"));
        });
    }

    [Test]
    public async Task Should_answer_415_with_problem_details_to_a_body_that_is_not_json()
    {
        using var content = new StringContent("jobType=platform.noop", Encoding.UTF8, "text/plain");
        using var response = await Client.PostAsync(new Uri("/api/jobs", UriKind.Relative), content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo(415));
        });
    }
}
