using System.Net;
using NUnit.Framework;
using Platform.Testing.Api;

namespace Platform.Api.Tests;

/// <summary>Wrong API keys are counted per client address: past Platform:Api:FailedAuthenticationLimit within the window,
/// the address gets 429 with Retry-After, even with a good key, until the window has passed.</summary>
[TestFixture]
public sealed class When_wrong_api_keys_keep_coming : KeyedApiFixture
{
    protected override void ConfigureApi(IDictionary<string, string?> configuration)
    {
        base.ConfigureApi(configuration);
        configuration["Platform:Api:FailedAuthenticationLimit"] = "3";
        configuration["Platform:Api:FailedAuthenticationWindow"] = "00:01:00";
    }

    [Test]
    public async Task Should_lock_the_address_out_after_the_limit_whatever_key_it_sends_next()
    {
        var before = await Send(HttpMethod.Get, "/api/jobs", null, Bearer(ReaderKey));
        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            wrong.Add((await Send(HttpMethod.Get, "/api/jobs", null, Bearer($"guess-{i}"))).Status);
        var good = await Send(HttpMethod.Get, "/api/jobs", null, Bearer(ReaderKey));
        var none = await Send(HttpMethod.Get, "/api/runs", null);
        var health = await Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.OK), "a good key before any wrong one");
            Assert.That(wrong, Is.All.EqualTo(HttpStatusCode.Unauthorized), "the wrong keys up to the limit");
            Assert.That(good.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), "a good key from a locked-out address");
            Assert.That(none.Status, Is.EqualTo(HttpStatusCode.TooManyRequests), "no key from a locked-out address");
            Assert.That(good.Response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(good.Body.GetProperty("detail").GetString(), Does.Contain("wrong API key"));
            Assert.That(good.Response.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "health stays open");
        });
    }
}
