using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Platform.Api.Authentication;

/// <summary>
/// Authenticates a request by its API key, sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>,
/// against <see cref="ApiKeyring"/>: the caller is then the key's user, in the key's role. Without a key the request stays
/// anonymous (the route's policy decides); with an unknown key authentication fails, is logged and counted against the
/// client's address (<see cref="FailedAuthentications"/>): an address past the limit gets 429 with Retry-After, whatever
/// key it sends, until the window has passed. The challenges answer 401 (or 429) and a forbidden command 403, as problem
/// details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyring keyring,
    FailedAuthentications failures,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyHeader = "X-Api-Key";
    const string BearerPrefix = "Bearer ";
    const string LockedOutItem = "platform.api.locked-out-for";

    string Client => Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keyring.IsEmpty)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (failures.IsLockedOut(Client, out var retryAfter))
        {
            Context.Items[LockedOutItem] = retryAfter;
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong API keys from this address."));
        }

        if (PresentedKey() is not { } presented)
            return Task.FromResult(AuthenticateResult.NoResult());
        if (keyring.Find(presented) is not { } key)
        {
            failures.Record(Client);
            Logger.LogWarning("Refused a wrong API key from {Client} for {Method} {Path}", Client, Request.Method, Request.Path.ToString());
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.User), new Claim(ClaimTypes.Role, key.Role.ToString()!), .. OwnerScope.ClaimsOf(key)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    string? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization[BearerPrefix.Length..].Trim() is { Length: > 0 } bearer)
            return bearer;
        return Request.Headers[KeyHeader].ToString().Trim() is { Length: > 0 } key ? key : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[LockedOutItem] is TimeSpan lockedOutFor)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(lockedOutFor.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many wrong API keys",
                $"Too many requests with a wrong API key came from this address; try again in {seconds} s.");
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = PresentedKey() is null
            ? $"This API needs an API key: send it as 'Authorization: Bearer <key>' or '{KeyHeader}: <key>'."
            : "The API key is not valid.";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            $"The API key of '{Context.User.Identity?.Name}' has the role {RoleOf(Context.User)}; sending commands needs an {nameof(ApiRole.Operator)} key.");

    static string RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value ?? "none";

    async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
