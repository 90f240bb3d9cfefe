using System.Net;
using System.Text.Json;
using NUnit.Framework;
using Platform.Api.Authentication;
using Platform.Contracts;

namespace Platform.Testing.Api;

/// <summary>The real API with two API keys configured: <see cref="ReaderKey"/> (user <see cref="ReaderUser"/>, role
/// Reader) and <see cref="OperatorKey"/> (user <see cref="OperatorUser"/>, role Operator). The configuration holds their
/// SHA-256 only, as a deployment's would. The scheduler database is migrated, and <see cref="Schedules"/> records the
/// ScheduleJob commands the API publishes.</summary>
public abstract class KeyedApiFixture : ApiFixture
{
    public const string ReaderUser = "rita";
    public const string ReaderKey = "reader-key-3b1f0c2e";
    public const string OperatorUser = "otto";
    public const string OperatorKey = "operator-key-9d4a7e51";

    CommandProbe<ScheduleJob>? _schedules;

    protected CommandProbe<ScheduleJob> Schedules => _schedules!;

    [OneTimeSetUp]
    public async Task MigrateAndStartProbe()
    {
        await MigrateSchedulerDatabaseAsync();
        _schedules = new CommandProbe<ScheduleJob>(Servers, VirtualHost);
        await _schedules.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopProbe()
    {
        if (_schedules is not null)
            await _schedules.DisposeAsync();
    }

    protected override void ConfigureApi(IDictionary<string, string?> configuration)
    {
        configuration["Platform:Api:RequireAuthentication"] = "true";
        configuration["Platform:Api:Keys:0:User"] = ReaderUser;
        configuration["Platform:Api:Keys:0:KeyHash"] = ApiKeyring.HashOf(ReaderKey);
        configuration["Platform:Api:Keys:0:Role"] = "Reader";
        configuration["Platform:Api:Keys:1:User"] = OperatorUser;
        configuration["Platform:Api:Keys:1:KeyHash"] = ApiKeyring.HashOf(OperatorKey).ToUpperInvariant();
        configuration["Platform:Api:Keys:1:Role"] = "Operator";
    }

    /// <summary>Sends a request with the given headers (e.g. <c>Authorization</c>, <c>X-Api-Key</c>) and reads the answer.</summary>
    protected async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> Send(
        HttpMethod method, string url, object? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: Wire);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    protected static (string, string) Bearer(string key) => ("Authorization", $"Bearer {key}");

    protected static (string, string) ApiKeyHeader(string key) => ("X-Api-Key", key);
}
