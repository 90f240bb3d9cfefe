using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MassTransit.Serialization;

namespace Platform.Api.Commands;

/// <summary>Reads a command's JSON body in the wire format of the contracts (MassTransit's System.Text.Json settings:
/// camelCase, enums as names, TimeSpan as <c>[d.]hh:mm:ss</c>), so a body is exactly what a service would publish.</summary>
public static class RequestBody
{
    /// <summary>The body as <typeparamref name="T"/>; null when the body is empty (a problem named <c>body</c> when it is
    /// <paramref name="required"/>) or unreadable (a problem named after the JSON path).</summary>
    /// <exception cref="BadHttpRequestException">413 when the body is larger than <c>Platform:Api:MaxRequestBodyBytes</c>
    /// (answered as problem details by <see cref="BadRequestExceptionHandler"/>).</exception>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, bool required, QueryParameters parameters, CancellationToken cancellationToken)
        where T : class
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<PlatformApiOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
            throw TooLarge(limit);
        using var reader = new StreamReader(request.Body);
        var buffer = new char[16 * 1024];
        var builder = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            builder.Append(buffer, 0, read);
            if (builder.Length > limit)
                throw TooLarge(limit);
        }

        var text = builder.ToString();
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
        catch (ArgumentException) when (DuplicateKey(text) is { } duplicate)
        {
            // A map (such as tags) that names a key twice: System.Text.Json fails while adding it, without a path.
            parameters.Add(duplicate.Field, $"names the key '{duplicate.Key}' more than once");
            return null;
        }
    }

    static BadHttpRequestException TooLarge(int limit) =>
        new($"The request body is larger than the {limit} bytes accepted (Platform:Api:MaxRequestBodyBytes)", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The first object in <paramref name="json"/> that names a property twice: its path (or <c>body</c>) and the key.</summary>
    static (string Field, string Key)? DuplicateKey(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Find(document.RootElement, "");

        static (string Field, string Key)? Find(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Array)
                return element.EnumerateArray().Select((item, i) => Find(item, $"{path}[{i}]")).FirstOrDefault(found => found is not null);
            if (element.ValueKind != JsonValueKind.Object)
                return null;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    return (path.Length == 0 ? "body" : path, property.Name);
                if (Find(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } found)
                    return found;
            }

            return null;
        }
    }

    /// <summary>A body, when there is one, must say it is JSON.</summary>
    public static bool HasAcceptableContentType(HttpRequest request) =>
        request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0) || request.HasJsonContentType();
}
