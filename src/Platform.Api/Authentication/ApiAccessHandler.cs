using Microsoft.AspNetCore.Authorization;

namespace Platform.Api.Authentication;

/// <summary>
/// Meets <see cref="ApiAccessRequirement"/> for everyone while no API key is configured (the API is open, as it warns at
/// start), and otherwise for a caller authenticated by <see cref="ApiKeyAuthenticationHandler"/> whose role is the one
/// needed or Operator. An unauthenticated caller then gets 401, an authenticated one without the role 403.
/// </summary>
internal sealed class ApiAccessHandler(ApiKeyring keyring) : AuthorizationHandler<ApiAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        if (keyring.IsEmpty
            || context.User.IsInRole(nameof(ApiRole.Operator))
            || (requirement.Role == ApiRole.Reader && context.User.IsInRole(nameof(ApiRole.Reader))))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
