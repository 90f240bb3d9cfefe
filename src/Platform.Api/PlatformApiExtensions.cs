using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Api.Authentication;
using Platform.Api.Commands;
using Platform.Api.Dashboard;
using Platform.Api.DeadLetters;
using Platform.Api.OpenApi;
using Platform.Api.ReadModel;
using Platform.Api.Stats;
using Platform.Api.Workers;
using Platform.Contracts;
using Platform.Scheduling.Schema;
using Platform.ServiceDefaults;
using Scalar.AspNetCore;

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
        builder.Services.AddOpenApi(o =>
        {
            var security = new ApiKeySecurityTransformer();
            o.AddDocumentTransformer(security);
            o.AddOperationTransformer(security);
            o.AddOperationTransformer<TypedParametersTransformer>();
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<PlatformApiOptions>>((kestrel, api) =>
            kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes);
        builder.Services.AddOptions<PlatformApiOptions>()
            .BindConfiguration(PlatformApiOptions.Section)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlatformApiOptions>, PlatformApiOptionsValidator>());
        builder.Services.AddDbContext<SchedulerReadDbContext>((services, db) =>
        {
            var options = services.GetRequiredService<IOptions<PlatformApiOptions>>().Value;
            db.UseSchedulerReadModel(options.ConnectionString, options.QueryTimeout);
        });
        builder.Services.AddScoped<SchedulerHistory>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<OwnerScope>();
        builder.Services.AddSingleton<FailedAuthentications>();
        builder.Services.AddSingleton(services => new ApiKeyring(services.GetRequiredService<IOptions<PlatformApiOptions>>().Value.Keys));
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicies.Read, policy => policy.AddRequirements(new ApiAccessRequirement(ApiRole.Reader)))
            .AddPolicy(ApiPolicies.Operate, policy => policy.AddRequirements(new ApiAccessRequirement(ApiRole.Operator)));
        builder.Services.AddSingleton<IAuthorizationHandler, ApiAccessHandler>();
        builder.Services.AddHostedService<ApiKeysStartupLogger>();
        // Ready when the scheduler's database answers and its tables are there (the scheduler migrates them).
        builder.Services.AddHealthChecks().AddNpgSql(sp => sp.GetRequiredService<IOptions<PlatformApiOptions>>().Value.ConnectionString,
            healthQuery: $"select 1 from {SchedulerTables.QualifiedJobs} limit 1", name: "scheduler-database", tags: ["ready"],
            timeout: TimeSpan.FromSeconds(3));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        builder.Services.AddOptions<RabbitManagementOptions>().BindConfiguration(RabbitManagementOptions.Section);
        builder.Services.AddHttpClient<QueueDepths>();
        builder.Services.AddSingleton<WorkerRegistry>();

        // Every API process receives every WorkerAnnounced on a queue of its own that goes away with it, and keeps the
        // latest of each worker in memory (the workers page); it consumes nothing else.
        var announcements = $"platform-api-workers-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}".ToLowerInvariant();
        builder.AddPlatformBus(x => x.AddConsumer<WorkerAnnouncedConsumer>().ExcludeFromConfigureEndpoints(), (context, cfg) =>
            cfg.ReceiveEndpoint(announcements, e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.ConfigureConsumeTopology = false;
                e.Bind<WorkerAnnounced>();
                e.ConfigureConsumer<WorkerAnnouncedConsumer>(context);
            }));
        return builder;
    }

    /// <summary>Maps the OpenAPI document (<c>/openapi/v1.json</c>, open), its interactive reference (<c>/reference</c>, Scalar,
    /// its script served by the API itself), the dashboard's pages (<c>/dashboard/</c>, open: they hold no data) and the API
    /// routes: reads need a Reader or Operator key, commands an Operator key, once keys are configured.</summary>
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/reference", o => o
            .WithTitle("Platform API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .AddPreferredSecuritySchemes("Bearer"));
        app.MapDashboardPages();
        var api = app.MapGroup("").RequireAuthorization(ApiPolicies.Read).AddEndpointFilter(RefuseNulInQuery);
        api.MapSessionEndpoint();
        api.MapCronEndpoints();
        api.MapJobEndpoints();
        api.MapRunEndpoints();
        api.MapAuditEndpoints();
        api.MapStatsEndpoints();
        api.MapWorkerEndpoints();
        api.MapDeadLetterEndpoints();
        var commands = api.MapGroup("").RequireAuthorization(ApiPolicies.Operate);
        commands.MapCommandEndpoints();
        commands.MapBackfillEndpoints();
        commands.MapDeadLetterCommands();
        return app;
    }

    /// <summary>A query parameter holding U+0000 (<c>%00</c>) is refused with 400 naming it: PostgreSQL takes no NUL in
    /// text, so no filter could match it.</summary>
    static async ValueTask<object?> RefuseNulInQuery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var parameters = new QueryParameters();
        foreach (var (name, values) in context.HttpContext.Request.Query)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || values.Any(v => v is not null && v.Contains('\0', StringComparison.Ordinal)))
                parameters.Add(name.Replace('\0', '\uFFFD'), "must not contain the NUL character (%00)");
        }

        return parameters.HasErrors ? parameters.ToProblem("The query is invalid") : await next(context);
    }
}
