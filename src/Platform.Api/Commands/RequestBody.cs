using System.Text.Json;
using MassTransit.Serialization;

namespace Platform.Api.Commands;

/// <summary>Reads a command's JSON body in the wire format of the contracts (MassTransit's System.Text.Json settings:
/// camelCase, enums as names, TimeSpan as <c>[d.]hh:mm:ss</c>), so a body is exactly what a service would publish.</summary>
public static class RequestBody
{
    /// <summary>The body as <typeparamref name="T"/>; null when the body is empty (a problem named <c>body</c> when it is
    /// <paramref name="required"/>) or unreadable (a problem named after the JSON path).</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, bool required, QueryParameters parameters, CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "null")
        {
            if (required)
                parameters.Add("body", $"is required: a {typeof(T).Name} as JSON");
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, SystemTextJsonMessageSerializer.Options);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            parameters.Add(field, $"cannot be read as part of a {typeof(T).Name}: {exception.Message}");
            return null;
        }
    }

    /// <summary>A body, when there is one, must say it is JSON.</summary>
    public static bool HasAcceptableContentType(HttpRequest request) =>
        request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0) || request.HasJsonContentType();
}
