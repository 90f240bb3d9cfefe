namespace Platform.Api.Authentication;

/// <summary>The authorization policies of the API's routes (see <see cref="ApiAccessRequirement"/>).</summary>
public static class ApiPolicies
{
    /// <summary>Every route under <c>/api</c>: a Reader or Operator key.</summary>
    public const string Read = "platform-api-read";

    /// <summary>The commands (POST under <c>/api</c>): an Operator key.</summary>
    public const string Operate = "platform-api-operate";
}
