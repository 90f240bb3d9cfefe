using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>The real API in memory, with a fake clock for "now".</summary>
[TestFixture]
public sealed class When_previewing_cron_occurrences_over_http : ApiFixture
{
    static readonly DateTimeOffset Now = new(2030, 10, 26, 23, 30, 0, TimeSpan.Zero);

    protected override void ConfigureApiServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));

    async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> Get(string query)
    {
        using var response = await Client.GetAsync(new Uri("/api/cron/next?" + query, UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    static string[] Occurrences(JsonElement body) => body.GetProperty("occurrences").EnumerateArray().Select(o => o.GetString()!).ToArray();

    [Test]
    public async Task Should_answer_occurrences_with_the_zones_offset_across_spring_forward()
    {
        var (status, _, body) = await Get("expression=30%202%20*%20*%20*&timeZone=America/New_York&from=2030-03-08T12:00:00Z&count=3");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("expression").GetString(), Is.EqualTo("30 2 * * *"));
            Assert.That(body.GetProperty("timeZone").GetString(), Is.EqualTo("America/New_York"));
            Assert.That(Occurrences(body), Is.EqualTo(new[] { "2030-03-09T02:30:00-05:00", "2030-03-10T03:00:00-04:00", "2030-03-11T02:30:00-04:00" }));
        });
    }

    [Test]
    public async Task Should_answer_both_passes_of_the_repeated_hour_from_now_when_from_is_absent()
    {
        var (status, _, body) = await Get("expression=0%20*%20*%20*%20*&timeZone=Europe/London&count=3");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Occurrences(body), Is.EqualTo(new[] { "2030-10-27T01:00:00+01:00", "2030-10-27T01:00:00+00:00", "2030-10-27T02:00:00+00:00" }));
        });
    }

    [Test]
    public async Task Should_default_to_utc_and_ten_occurrences()
    {
        var (status, _, body) = await Get("expression=0%200%201%20*%20*");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("timeZone").GetString(), Is.EqualTo("UTC"));
            Assert.That(Occurrences(body), Has.Length.EqualTo(10));
            Assert.That(Occurrences(body)[0], Is.EqualTo("2030-11-01T00:00:00+00:00"));
        });
    }

    [Test]
    public async Task Should_accept_a_from_with_an_encoded_plus_offset_and_the_maximum_count()
    {
        var (status, _, body) = await Get("expression=*%20*%20*%20*%20*%20*&from=2030-01-01T00:00:00%2B05:30&count=1000");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Occurrences(body), Has.Length.EqualTo(1000));
            Assert.That(Occurrences(body)[0], Is.EqualTo("2029-12-31T18:30:01+00:00"));
        });
    }

    /// <summary>Issue 14: the day fields follow Vixie/ISC cron's star rule through the API.</summary>
    [Test]
    public async Task Should_run_0_12_5_every_month_star_slash_1_on_the_5th_of_each_month_as_vixie_cron()
    {
        var (status, _, body) = await Get("expression=0%2012%205%20*%20*/1&from=2030-01-01T00:00:00Z&count=3");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Occurrences(body), Is.EqualTo(new[] { "2030-01-05T12:00:00+00:00", "2030-02-05T12:00:00+00:00", "2030-03-05T12:00:00+00:00" }));
        });
    }

    [Test]
    public async Task Should_run_0_12_star_slash_10_every_month_monday_on_mondays_that_fall_on_the_1st_11th_21st_or_31st_as_vixie_cron()
    {
        var (status, _, body) = await Get("expression=0%2012%20*/10%20*%201&from=2030-01-01T00:00:00Z&count=8");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Occurrences(body), Is.EqualTo(new[]
            {
                "2030-01-21T12:00:00+00:00", "2030-02-11T12:00:00+00:00", "2030-03-11T12:00:00+00:00", "2030-04-01T12:00:00+00:00",
                "2030-07-01T12:00:00+00:00", "2030-10-21T12:00:00+00:00", "2030-11-11T12:00:00+00:00", "2031-03-31T12:00:00+00:00",
            }));
        });
    }

    [Test]
    public async Task Should_keep_either_day_when_neither_day_field_starts_with_a_star()
    {
        var (status, _, body) = await Get("expression=0%2012%201-31/10%20*%201&from=2030-04-01T00:00:00Z&count=4");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Occurrences(body), Is.EqualTo(new[]
            {
                "2030-04-01T12:00:00+00:00", "2030-04-08T12:00:00+00:00", "2030-04-11T12:00:00+00:00", "2030-04-15T12:00:00+00:00",
            }));
        });
    }

    [TestCase("expression=61%20*%20*%20*%20*", "expression", "minute field '61': '61' is out of range; it accepts 0-59")]
    [TestCase("expression=*%20*%20*%20*", "expression", "'* * * *' has 4 fields; a cron expression has 5 fields")]
    [TestCase("timeZone=UTC", "expression", "is required: a cron expression such as '30 9 * * MON-FRI'")]
    [TestCase("expression=0%209%20*%20*%20*&timeZone=Mars/Olympus", "timeZone", "the time zone 'Mars/Olympus' is unknown: give an IANA time zone id")]
    [TestCase("expression=0%200%20LW%20*%20*/6", "expression", "fields never match a real date (such as day 30 in February), so the expression would never run (a day field that starts with *")]
    [TestCase("expression=0%209%20*%20*%20*&from=2030-03-10T00:00:00", "from", "must be an ISO 8601 instant with an offset")]
    [TestCase("expression=0%209%20*%20*%20*&from=2030-03-10T00:00:00+01:00", "from", "(write + as %2B in a URL)")]
    [TestCase("expression=0%209%20*%20*%20*&from=tomorrow", "from", "must be an ISO 8601 instant with an offset")]
    [TestCase("expression=0%209%20*%20*%20*&count=0", "count", "must be a whole number from 1 to 1000")]
    [TestCase("expression=0%209%20*%20*%20*&count=1001", "count", "must be a whole number from 1 to 1000")]
    [TestCase("expression=0%209%20*%20*%20*&count=ten", "count", "must be a whole number from 1 to 1000")]
    public async Task Should_answer_400_with_a_problem_saying_what_is_wrong(string query, string parameter, string message)
    {
        var (status, mediaType, body) = await Get(query);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(mediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("The cron preview request is invalid"));
            Assert.That(body.GetProperty("detail").GetString(), Does.StartWith($"{parameter}: ").And.Contains(message));
            Assert.That(body.GetProperty("errors").GetProperty(parameter)[0].GetString(), Does.Contain(message));
        });
    }

    [Test]
    public async Task Should_report_every_bad_parameter_at_once()
    {
        var (status, _, body) = await Get("expression=0%2025%20*%20*%20*&timeZone=Nowhere&from=x&count=-1");
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "expression", "timeZone", "from", "count" }));
        });
    }

    [Test]
    public async Task Should_describe_the_route_in_the_openapi_document()
    {
        using var response = await Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var operation = document.GetProperty("paths").GetProperty("/api/cron/next").GetProperty("get");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()),
                Is.EquivalentTo(new[] { "expression", "timeZone", "from", "count" }));
            Assert.That(operation.GetProperty("responses").EnumerateObject().Select(r => r.Name), Is.SupersetOf(new[] { "200", "400" }));
            Assert.That(operation.GetProperty("description").GetString(), Does.Contain(Platform.Scheduling.CronSchedule.DayFieldsRule));
        });
    }
}
