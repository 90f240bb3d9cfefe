using System.Security.Cryptography;
using System.Text;

namespace Platform.Api.Authentication;

/// <summary>
/// The configured API keys, by hash. A presented key is hashed (SHA-256 of its UTF-8 bytes) and compared with every
/// configured hash in constant time, so neither the comparison nor which key matched shows in the answer time.
/// </summary>
public sealed class ApiKeyring
{
    readonly (byte[] Hash, ApiKeyOptions Key)[] _keys;

    public ApiKeyring(IEnumerable<ApiKeyOptions> keys) =>
        _keys = keys.Select(k => (Convert.FromHexString(k.KeyHash), k)).ToArray();

    /// <summary>True when no key is configured: the API is then open (see <see cref="PlatformApiOptions.Keys"/>).</summary>
    public bool IsEmpty => _keys.Length == 0;

    /// <summary>The configured key whose hash is the presented key's, or null.</summary>
    public ApiKeyOptions? Find(string presentedKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        ApiKeyOptions? found = null;
        foreach (var (configured, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured))
                found = key;
        }

        return found;
    }

    /// <summary>The hash to configure for a key, as <c>printf %s "$KEY" | sha256sum</c> prints it.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
