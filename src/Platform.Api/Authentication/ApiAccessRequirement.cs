using Microsoft.AspNetCore.Authorization;

namespace Platform.Api.Authentication;

/// <summary>The role a route needs; met by anyone while no API key is configured.</summary>
public sealed class ApiAccessRequirement(ApiRole role) : IAuthorizationRequirement
{
    public ApiRole Role { get; } = role;
}
