using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Platform.Api.Authentication;
using Platform.Api.Commands;
using Platform.Api.ReadModel;
using Platform.ServiceDefaults;

namespace Platform.Api;

/// <summary>The API's services and routes, so that Program.cs stays wiring only.</summary>
public static class PlatformApiExtensions
{
    /// <summary>
    /// Registers OpenAPI document generation, problem details for errors, the read model of the scheduler's database
    /// (<see cref="PlatformApiOptions"/>, read-only transactions, readiness check) and the bus (publish only: the API
    /// consumes nothing), and authentication by API key (<see cref="PlatformApiOptions.Keys"/>; open, with a warning at
    /// start, while none is configured).
    /// </summary>
    public static TBuilder AddPlatformApi<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddOptions<PlatformApiOptions>()
            .BindConfiguration(PlatformApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDbContext<SchedulerReadDbContext>((services, db) =>
        {
            var options = services.GetRequiredService<IOptions<PlatformApiOptions>>().Value;
            db.UseSchedulerReadModel(options.ConnectionString, options.QueryTimeout);
        });
        builder.Services.AddScoped<SchedulerHistory>();
        builder.Services.AddSingleton(services => new ApiKeyring(services.GetRequiredService<IOptions<PlatformApiOptions>>().Value.Keys));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, policy => policy.AddRequirements(new ApiAccessRequirement(ApiRole.Reader)))
            .AddPolicy(ApiPolicies.Operate, policy => policy.AddRequirements(new ApiAccessRequirement(ApiRole.Operator)));
        builder.Services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        builder.Services.AddHostedService<ApiKeysStartupLogger>();
        builder.Services.AddHealthChecks().AddCheck<SchedulerDatabaseHealthCheck>("scheduler-database", tags: ["ready"]);
        builder.AddPlatformBus(_ => { });
        return builder;
    }

    /// <summary>Maps the OpenAPI document (<c>/openapi/v1.json</c>, open) and the API routes: reads need a Reader or
    /// Operator key, commands an Operator key, once keys are configured.</summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("").RequireAuthorization(ApiPolicies.Read);
        api.MapCronEndpoints();
        api.MapJobEndpoints();
        api.MapRunEndpoints();
        api.MapAuditEndpoints();
        api.MapGroup("").RequireAuthorization(ApiPolicies.Operate).MapCommandEndpoints();
        return app;
    }
}
