using System.Globalization;
using System.Text.Json;

namespace Platform.Cli;

/// <summary>Reads the API's JSON for display: properties as text, instants as ISO 8601 UTC.</summary>
internal static class Json
{
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A property as text (a string as is, anything else as its JSON); null when absent or null.</summary>
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? Text(value) : null;

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };

    /// <summary>An instant property in UTC to the second (<see cref="InstantFormat"/>); null when absent or null.</summary>
    public static string? Instant(JsonElement element, string property) => Text(element, property) is { } text ? Instant(text) : null;

    /// <summary>An ISO 8601 instant in UTC to the second; text that is not an instant is returned unchanged.</summary>
    public static string Instant(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture)
            : text;

    /// <summary>A JSON value indented for reading.</summary>
    public static string Pretty(JsonElement value) => JsonSerializer.Serialize(value, Indented);
}
