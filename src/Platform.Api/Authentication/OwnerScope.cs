using System.Security.Claims;

namespace Platform.Api.Authentication;

/// <summary>
/// The owners whose jobs the caller's API key may see and act on (<see cref="ApiKeyOptions.Owners"/>), or null for every
/// job (a key without owners, or no keys configured). The read model filters every table by it; commands check it.
/// </summary>
public sealed class OwnerScope(IHttpContextAccessor http)
{
    /// <summary>The claim that carries one owner of the caller's key.</summary>
    public const string ClaimType = "platform:owner";

    /// <summary>The owners, or null for every job.</summary>
    public List<string>? Owners { get; } = http.HttpContext?.User.FindAll(ClaimType).Select(c => c.Value).ToList() is { Count: > 0 } owners
        ? owners
        : null;

    /// <summary>Whether the caller may see and act on a job of <paramref name="owner"/>.</summary>
    public bool Allows(string? owner) => Owners is null || (owner is not null && Owners.Contains(owner, StringComparer.Ordinal));

    /// <summary>The claims a key's owners give its caller.</summary>
    public static IEnumerable<Claim> ClaimsOf(ApiKeyOptions key) => (key.Owners ?? []).Select(owner => new Claim(ClaimType, owner));
}
