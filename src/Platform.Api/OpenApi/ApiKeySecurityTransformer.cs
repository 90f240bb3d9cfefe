using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.Api.Authentication;

namespace Platform.Api.OpenApi;

/// <summary>
/// Documents the API key: the two ways to send it (<c>Authorization: Bearer</c> and <c>X-Api-Key</c>) as security
/// schemes, required on every route under an authorization policy, with its 401 (no or bad key) and, on commands, 403
/// (a Reader key) answers.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    const string Bearer = "Bearer";
    const string Header = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key of Platform:Api:Keys, as 'Authorization: Bearer <key>'. Reader keys may read; commands need an Operator key. " +
                "With no keys configured (the local demo) the API is open and no key is needed.",
        };
        document.Components.SecuritySchemes[Header] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.KeyHeader,
            Description = "The same API key, in the X-Api-Key header.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policies = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Count == 0)
            return Task.CompletedTask;

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Header, context.Document)] = [] });
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or one that is not valid (problem details)." });
        if (policies.Contains(ApiPolicies.Operate))
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "A Reader key: commands need an Operator key (problem details)." });
        return Task.CompletedTask;
    }
}
