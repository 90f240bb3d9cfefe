using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>The objects a kustomization renders (<c>kubectl kustomize</c>), or a script prints, with lookups the tests use.</summary>
public sealed class RenderedObjects(IReadOnlyList<JsonObject> items)
{
    public IReadOnlyList<JsonObject> Items { get; } = items;

    public static async Task<RenderedObjects> KustomizeAsync(string folder)
    {
        var result = await ExternalTool.RunAsync("kubectl", ["kustomize", RepositoryFiles.PathOf(folder)]);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl kustomize {folder} failed: {result}");
        return FromYaml(result.Output);
    }

    public static RenderedObjects FromYaml(string yaml) =>
        new([.. YamlDocuments.Parse(yaml).OfType<JsonObject>()]);

    public IEnumerable<JsonObject> OfKind(string kind) => Items.Where(i => Kind(i) == kind);

    public JsonObject One(string kind, string name)
    {
        var found = OfKind(kind).Where(i => Name(i) == name).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"{kind}/{name} in the rendered objects ({string.Join(", ", Items.Select(Describe))})");
        return found[0];
    }

    public static string Kind(JsonNode item) => item["kind"]?.GetValue<string>() ?? "";

    public static string Name(JsonNode item) => item["metadata"]?["name"]?.GetValue<string>() ?? "";

    public static string Describe(JsonNode item) => $"{Kind(item)}/{Name(item)}";

    /// <summary>The pod template's spec of a Deployment, StatefulSet or Job.</summary>
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static IEnumerable<JsonObject> Containers(JsonObject workload) =>
        PodSpec(workload)["containers"]!.AsArray().Select(c => c!.AsObject());

    /// <summary>Every Secret name a workload's pods read (env, envFrom, volumes).</summary>
    public static IEnumerable<string> SecretsReadBy(JsonObject workload)
    {
        var spec = PodSpec(workload);
        foreach (var container in Containers(workload))
        {
            foreach (var env in container["env"]?.AsArray() ?? [])
            {
                if (env?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>() is { } name)
                    yield return name;
            }

            foreach (var from in container["envFrom"]?.AsArray() ?? [])
            {
                if (from?["secretRef"]?["name"]?.GetValue<string>() is { } name)
                    yield return name;
            }
        }

        foreach (var volume in spec["volumes"]?.AsArray() ?? [])
        {
            if (volume?["secret"]?["secretName"]?.GetValue<string>() is { } name)
                yield return name;
        }
    }

    /// <summary>The value of an environment variable set inline on a container (null when it is not).</summary>
    public static string? Env(JsonObject container, string name) =>
        container["env"]?.AsArray().FirstOrDefault(e => e?["name"]?.GetValue<string>() == name)?["value"]?.GetValue<string>();
}
