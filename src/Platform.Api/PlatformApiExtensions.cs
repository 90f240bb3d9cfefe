using Microsoft.Extensions.Options;
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
    /// consumes nothing).
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
        builder.Services.AddHealthChecks().AddCheck<SchedulerDatabaseHealthCheck>("scheduler-database", tags: ["ready"]);
        builder.AddPlatformBus(_ => { });
        return builder;
    }

    /// <summary>Maps the OpenAPI document (<c>/openapi/v1.json</c>) and the API routes.</summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapCronEndpoints();
        app.MapJobEndpoints();
        app.MapRunEndpoints();
        app.MapAuditEndpoints();
        app.MapCommandEndpoints();
        return app;
    }
}
