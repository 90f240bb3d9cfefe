using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Platform.Api.OpenApi;

/// <summary>
/// The routes read their parameters as text, so that every bad one is named in one 400 answer; this gives the document
/// their real types: ids as uuid, instants as date-time, limits and counts as integers with their bounds, flags as
/// booleans.
/// </summary>
internal sealed class TypedParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            var schema = parameter.Name switch
            {
                "jobId" or "runId" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                "from" or "to" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                "limit" => Integer(1, QueryParameters.MaxLimit, QueryParameters.DefaultLimit),
                "count" => Integer(1, Scheduling.CronPreview.MaxCount, CronEndpoints.DefaultCount),
                "hours" => Integer(1, Stats.StatsEndpoints.MaxHours, Stats.StatsEndpoints.DefaultHours),
                "accepted" => new OpenApiSchema { Type = JsonSchemaType.Boolean },
                _ => null,
            };
            if (schema is null)
                continue;
            if (parameter.In != ParameterLocation.Path)
                schema.Type |= JsonSchemaType.Null;
            parameter.Schema = schema;
        }

        return Task.CompletedTask;
    }

    static OpenApiSchema Integer(int minimum, int maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(CultureInfo.InvariantCulture),
        Default = System.Text.Json.Nodes.JsonValue.Create(@default),
    };
}
