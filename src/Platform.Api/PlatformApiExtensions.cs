namespace Platform.Api;

/// <summary>The API's services and routes, so that Program.cs stays wiring only.</summary>
public static class PlatformApiExtensions
{
    /// <summary>Registers OpenAPI document generation and problem details for errors.</summary>
    public static TBuilder AddPlatformApi<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>Maps the OpenAPI document (<c>/openapi/v1.json</c>) and the API routes.</summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapCronEndpoints();
        return app;
    }
}
