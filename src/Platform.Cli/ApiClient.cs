using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Platform.Cli;

/// <summary>
/// The platform's REST API at <see cref="BaseAddress"/>, on behalf of a user (header <c>X-Platform-User</c>, which the
/// audit trail records while the API has no keys) with an API key when given (<c>Authorization: Bearer</c>; the audit
/// trail then records the key's user). Error statuses become <see cref="ApiProblemException"/> with the problem-details
/// title, detail and field errors; no answer at all becomes <see cref="ApiUnreachableException"/>.
/// </summary>
internal sealed class ApiClient(HttpClient http, Uri baseAddress, string user, string? key)
{
    public const string UserHeader = "X-Platform-User";

    public Uri BaseAddress { get; } = baseAddress;

    public Task<ApiAnswer> GetAsync(string relative, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, relative, null, cancellationToken);

    public Task<ApiAnswer> PostJsonAsync(string relative, string? json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, relative, json, cancellationToken);

    async Task<ApiAnswer> SendAsync(HttpMethod method, string relative, string? json, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseAddress, relative);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (user.Length > 0)
            request.Headers.TryAddWithoutValidation(UserHeader, user);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");

        string text;
        HttpStatusCode status;
        string? reason;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            status = response.StatusCode;
            reason = response.ReasonPhrase;
        }
        catch (HttpRequestException exception)
        {
            throw new ApiUnreachableException($"cannot reach the platform API at {BaseAddress}: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiUnreachableException($"the platform API at {BaseAddress} did not answer in time ({http.Timeout.TotalSeconds} s)", exception);
        }

        var body = Parse(text);
        if ((int)status is >= 200 and < 300 && body is { } ok)
            return new ApiAnswer(text, ok);
        if ((int)status is >= 200 and < 300)
            throw new ApiProblemException($"{method} {uri.PathAndQuery} answered {(int)status} {reason} with a body that is not JSON: is {BaseAddress} the platform API?", []);
        throw Problem(status, reason, body);
    }

    static JsonElement? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? default(JsonElement) : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The problem in one line (<c>title: detail (HTTP status)</c>) and each field error as <c>field: message</c>.</summary>
    static ApiProblemException Problem(HttpStatusCode status, string? reason, JsonElement? body)
    {
        var problem = body is { ValueKind: JsonValueKind.Object } b ? b : default;
        var title = Json.Text(problem, "title");
        var detail = Json.Text(problem, "detail");
        var errors = problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
            ? e.EnumerateObject().SelectMany(f => f.Value.EnumerateArray().Select(m => $"{f.Name}: {m.GetString()}")).ToList()
            : [];
        var summary = (title, detail, errors.Count) switch
        {
            (null, null, _) => "the API answered with an error",
            ({ } t, { } d, 0) => $"{t}: {d}",
            ({ } t, _, _) => t,
            (null, { } d, _) => d,
        };
        var hint = status == HttpStatusCode.Unauthorized ? $"; give an API key with --key or {Cli.KeyVariable}" : "";
        return new ApiProblemException($"{summary} (HTTP {(int)status} {reason}){hint}", errors, (int)status);
    }
}
