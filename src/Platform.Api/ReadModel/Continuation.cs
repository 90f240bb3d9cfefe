using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Platform.Api.ReadModel;

/// <summary>
/// Where the next page of a newest-first listing starts: the time of the last item returned and its id (the tie-breaker
/// for items at the same instant). Handed to clients as an opaque token.
/// </summary>
public readonly record struct Continuation(DateTimeOffset At, string Key)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}|{Key}"));

    /// <summary>Reads a token that <see cref="Encode"/> wrote.</summary>
    public static bool TryDecode(string token, out Continuation continuation)
    {
        continuation = default;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var separator = text.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1
            || !DateTimeOffset.TryParseExact(text[..separator], "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return false;
        continuation = new Continuation(at.ToUniversalTime(), text[(separator + 1)..]);
        return true;
    }

    public bool TryGetGuid(out Guid id) => Guid.TryParseExact(Key, "D", out id);

    public bool TryGetInt64(out long id) => long.TryParse(Key, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
