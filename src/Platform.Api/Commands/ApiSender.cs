using Platform.Messaging;

namespace Platform.Api.Commands;

/// <summary>
/// Who a command sent through the API is on behalf of, as the scheduler's audit trail records it (header
/// <see cref="PlatformHeaders.Sender"/>). With API keys configured: <c>api:{user}</c> with the user of the caller's key; the
/// <c>X-Platform-User</c> request header is then ignored, so the audit trail's "who" cannot be claimed. Without keys (an
/// open API): <c>api:{user}</c> with the user of the <c>X-Platform-User</c> header, taken on trust, or <c>api</c> without one.
/// </summary>
public static class ApiSender
{
    public const string UserHeader = "X-Platform-User";
    public const string Anonymous = "api";
    public const int MaxUserLength = 100;

    public static string Of(HttpRequest request, QueryParameters parameters)
    {
        if (request.HttpContext.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } authenticated })
            return $"{Anonymous}:{authenticated}";

        var user = request.Headers[UserHeader].ToString().Trim();
        if (user.Length == 0)
            return Anonymous;
        if (user.Length > MaxUserLength || user.Any(char.IsControl) || user.Contains(',', StringComparison.Ordinal))
        {
            parameters.Add(UserHeader, $"must be one user name of at most {MaxUserLength} characters");
            return Anonymous;
        }

        return $"{Anonymous}:{user}";
    }
}
