using Platform.ServiceDefaults;

namespace Platform.Api.Commands;

/// <summary>
/// Who a command sent through the API is on behalf of, as the scheduler's audit trail records it (header
/// <see cref="PlatformHeaders.Sender"/>): <c>api:{user}</c> with the user of the <c>X-Platform-User</c> request header, or
/// <c>api</c> without one. The API has no authentication yet: the header is taken on trust.
/// </summary>
public static class ApiSender
{
    public const string UserHeader = "X-Platform-User";
    public const string Anonymous = "api";
    public const int MaxUserLength = 100;

    public static string Of(HttpRequest request, QueryParameters parameters)
    {
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
