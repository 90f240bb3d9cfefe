using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using NUnit.Framework;
using Platform.Testing;

namespace Platform.Worker.Tests.Integration;

/// <summary>The worker's operator endpoints behind the keys of Platform:Worker:Endpoints:KeyHashes: two hashes at once (a
/// rotation), 401 with problem details for a missing or wrong key, a clear start-up error for a hash that is not one.</summary>
[TestFixture]
public sealed class When_the_worker_endpoints_need_a_key : PlatformFixture
{
    const string OldKey = "worker-key-before-rotation";
    const string NewKey = "worker-key-after-rotation";
    readonly TestJobState _state = new();
    WebApplication? _worker;
    HttpClient? _http;

    static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [OneTimeSetUp]
    public async Task StartWorker()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Endpoints:KeyHashes:0"] = Hash(OldKey);
        configuration["Platform:Worker:Endpoints:KeyHashes:1"] = Hash(NewKey);
        _worker = await WorkerHosts.StartWorkerAsync(configuration, _state, "test.keyed");
        _http = new HttpClient { BaseAddress = _worker.Address() };
    }

    [OneTimeTearDown]
    public async Task StopWorker()
    {
        _http?.Dispose();
        await _worker.StopQuietlyAsync();
    }

    [TestCase("/worker/breakers", null)]
    [TestCase("/worker/dead-letters", null)]
    [TestCase("/worker/breakers", "not-a-key")]
    [TestCase("/worker/dead-letters", "Basic d29ya2VyOmtleQ==")]
    public async Task Should_refuse_a_request_without_a_valid_key(string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization.StartsWith("Basic", StringComparison.Ordinal) ? authorization : $"Bearer {authorization}");
        using var response = await _http!.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), body);
            Assert.That(response.Headers.WwwAuthenticate.Select(h => h.Scheme), Is.EqualTo(new[] { "Bearer" }));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), Does.Contain("Platform:Worker:Endpoints:KeyHashes"));
        });
    }

    [TestCase(OldKey)]
    [TestCase(NewKey)]
    public async Task Should_answer_either_key_while_both_are_configured(string key)
    {
        foreach (var path in new[] { "/worker/breakers", "/worker/dead-letters" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await _http!.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array), path);
        }
    }

    [Test]
    public void Should_not_start_with_a_hash_that_is_not_one()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Worker:Endpoints:KeyHashes:0"] = "the-key-itself";
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => WorkerHosts.StartWorkerAsync(configuration, new TestJobState(), "test.keyed"));
        Assert.That(failure!.Message, Does.Contain("Platform:Worker:Endpoints:KeyHashes:0").And.Contain("sha256sum"));
    }
}
