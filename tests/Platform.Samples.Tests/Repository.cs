using System.Reflection;

namespace Platform.Samples.Tests;

/// <summary>Where the repository and its builds are, as this test assembly was built.</summary>
internal static class Repository
{
    public static string Root => Metadata("RepositoryRoot");

    public static string Configuration => Metadata("Configuration");

    /// <summary>The built entry assembly of a sample under <c>samples/</c>.</summary>
    public static string SamplePath(string name) => Path.Combine(Root, "samples", name, "bin", Configuration, "net10.0", $"{name}.dll");

    static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
