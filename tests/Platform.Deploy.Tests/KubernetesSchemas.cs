using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Platform.Deploy.Tests;

/// <summary>
/// Strict JSON Schemas of the Kubernetes objects deploy/k8s renders, built from deploy/k8s/schemas (the Kubernetes API's
/// definitions and the operators' CRDs; its README names the sources and the rules applied here): unknown fields are
/// errors, int-or-string and quantities take what the API server takes, and a CRD's metadata is checked as ObjectMeta.
/// </summary>
public sealed class KubernetesSchemas
{
    const string BaseUri = "urn:platform:kubernetes-schemas";
    const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    static readonly Lazy<KubernetesSchemas> Instance = new(Load);

    readonly Dictionary<(string ApiVersion, string Kind), string> _definitions;
    readonly BuildOptions _options;
    readonly Dictionary<string, JsonSchema> _byDefinition = [];

    KubernetesSchemas(Dictionary<(string, string), string> definitions, BuildOptions options)
    {
        _definitions = definitions;
        _options = options;
    }

    public static KubernetesSchemas Shared => Instance.Value;

    /// <summary>The kinds these schemas know, as apiVersion/kind.</summary>
    public IEnumerable<string> Kinds => _definitions.Keys.Select(k => $"{k.ApiVersion}/{k.Kind}");

    /// <summary>Every schema error of <paramref name="item"/>, each as "Kind/name at /json/pointer: message"; empty when
    /// it is valid. An object of a kind these schemas do not know is an error too.</summary>
    public IReadOnlyList<string> Validate(JsonObject item)
    {
        var apiVersion = item["apiVersion"]?.GetValue<string>() ?? "";
        var kind = item["kind"]?.GetValue<string>() ?? "";
        var name = $"{kind}/{item["metadata"]?["name"]?.GetValue<string>() ?? "(no name)"}";
        if (!_definitions.TryGetValue((apiVersion, kind), out var definition))
            return [$"{name}: no schema for apiVersion {apiVersion}, kind {kind} (deploy/k8s/schemas knows {string.Join(", ", Kinds.Order(StringComparer.Ordinal))})"];

        var schema = SchemaOf(definition);
        var instance = JsonSerializer.Deserialize<JsonElement>(WithoutNulls(item)!.ToJsonString());
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
            return [];
        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{name} at {(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {Message(e.Key, e.Value)}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : [$"{name}: does not match its schema {definition}"];
    }

    // The "false" schema strictness adds (additionalProperties: false) reports no keyword of its own.
    static string Message(string keyword, string message) =>
        keyword.Length == 0 ? "unknown field (the schema has no such property)" : $"{message} ({keyword})";

    JsonSchema SchemaOf(string definition)
    {
        lock (_byDefinition)
        {
            if (!_byDefinition.TryGetValue(definition, out var schema))
            {
                // Built schemas keep the JSON they were built from: an element that owns its memory, not a disposable document.
                var reference = JsonSerializer.Deserialize<JsonElement>(new JsonObject { ["$ref"] = $"{BaseUri}#/$defs/{definition}" }.ToJsonString());
                schema = JsonSchema.Build(reference, _options, new Uri($"urn:platform:kind:{definition}"));
                _byDefinition[definition] = schema;
            }

            return schema;
        }
    }

    /// <summary>A field set to null is absent to the API server; YAML writes absent timestamps that way (kubectl's dry run).</summary>
    static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (key, value) in o)
                {
                    if (value is not null)
                        copy[key] = WithoutNulls(value);
                }

                return copy;
            case JsonArray a:
                return new JsonArray([.. a.Select(WithoutNulls)]);
            default:
                return node?.DeepClone();
        }
    }

    static KubernetesSchemas Load()
    {
        var folder = RepositoryFiles.PathOf("deploy/k8s/schemas");
        var definitions = new Dictionary<(string, string), string>();
        var defs = new JsonObject();

        var kubernetes = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kubernetes.json")))!["definitions"]!.AsObject();
        foreach (var (name, schema) in kubernetes)
        {
            defs[name] = Strict(schema!.DeepClone());
            if (schema["x-kubernetes-group-version-kind"] is JsonArray kinds)
            {
                foreach (var gvk in kinds)
                {
                    var group = gvk!["group"]!.GetValue<string>();
                    var version = gvk["version"]!.GetValue<string>();
                    definitions.TryAdd((group.Length == 0 ? version : $"{group}/{version}", gvk["kind"]!.GetValue<string>()), name);
                }
            }
        }

        // A quantity is written as a number or a string (cpu: 1, memory: 1Gi), as the API server reads it.
        defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = new JsonObject { ["type"] = new JsonArray("number", "string") };

        foreach (var file in Directory.GetFiles(Path.Combine(folder, "crds"), "*.json").Order(StringComparer.Ordinal))
        {
            var crd = JsonNode.Parse(File.ReadAllText(file))!;
            var group = crd["group"]!.GetValue<string>();
            var kind = crd["kind"]!.GetValue<string>();
            foreach (var (version, schema) in crd["versions"]!.AsObject())
            {
                var root = Strict(schema!.DeepClone())!.AsObject();
                var properties = root["properties"]!.AsObject();
                properties["metadata"] = new JsonObject { ["$ref"] = $"#/$defs/{ObjectMeta}" };
                properties.Remove("status");
                var name = $"crd.{group}.{version}.{kind}";
                defs[name] = root;
                definitions[($"{group}/{version}", kind)] = name;
            }
        }

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = BaseUri,
            ["$defs"] = defs,
        };
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.Build(JsonSerializer.Deserialize<JsonElement>(document.ToJsonString()), options, new Uri(BaseUri));
        return new KubernetesSchemas(definitions, options);
    }

    /// <summary>An OpenAPI schema (Kubernetes' swagger 2.0 definitions, a CRD's OpenAPI v3) as a strict JSON Schema.</summary>
    static JsonNode? Strict(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
                array[i] = Strict(array[i]?.DeepClone());
            return array;
        }

        if (node is not JsonObject schema)
            return node;

        if (schema["$ref"] is JsonValue reference)
            schema["$ref"] = reference.GetValue<string>().Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal);

        var format = schema["format"]?.GetValue<string>();
        var intOrString = format == "int-or-string" || schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        if (intOrString)
        {
            schema.Remove("format");
            schema.Remove("anyOf");
            schema["type"] = new JsonArray("integer", "string");
        }

        foreach (var key in new[] { "properties", "patternProperties", "$defs" })
        {
            if (schema[key] is JsonObject children)
            {
                foreach (var child in children.Select(c => c.Key).ToList())
                    children[child] = Strict(children[child]!.DeepClone());
            }
        }

        foreach (var key in new[] { "items", "additionalProperties", "not" })
        {
            if (schema[key] is JsonObject child)
                schema[key] = Strict(child.DeepClone());
        }

        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema[key] is JsonArray children)
                schema[key] = Strict(children.DeepClone());
        }

        var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        if (schema["properties"] is JsonObject && schema["additionalProperties"] is null && !preserveUnknown)
            schema["additionalProperties"] = false;

        if (schema["nullable"]?.GetValue<bool>() == true && schema["type"] is JsonValue type)
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");

        return schema;
    }
}
