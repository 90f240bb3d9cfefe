using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.Messaging;

namespace Platform.ServiceDefaults;

/// <summary>What every platform host sets up the same way: clock, telemetry, health.</summary>
public static class PlatformDefaultsExtensions
{
    /// <summary>Registers the system clock, OpenTelemetry (MassTransit's, the platform's and Npgsql's sources and meters;
    /// traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Prometheus scraping for web hosts)
    /// and health checks.</summary>
    public static TBuilder AddPlatformDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(t =>
            {
                t.AddSource(PlatformTelemetry.MassTransit, PlatformTelemetry.Name, PlatformTelemetry.Libraries)
                    .AddAspNetCoreInstrumentation()
                    .AddNpgsql();
            })
            .WithMetrics(m =>
            {
                // Histograms recorded inside a sampled span (a run's duration inside its attempt span) keep the trace id as an
                // exemplar: Grafana links a latency point to its trace.
                m.SetExemplarFilter(ExemplarFilterType.TraceBased)
                    .AddMeter(PlatformTelemetry.MassTransit, PlatformTelemetry.Name)
                    .AddRuntimeInstrumentation()
                    .AddAspNetCoreInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddPrometheusExporter();
            });
        if (otlp)
        {
            // Log records carry the trace and span ids of the span they were written in, and the scope properties (the
            // worker's attempt scope: platform.job.id, platform.run.id, platform.job.type, platform.run.attempt).
            telemetry.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and the Prometheus scrape endpoint <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapPlatformDefaults(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
