using System.IO.Compression;
using System.Xml.Linq;
using NUnit.Framework;

namespace Platform.Samples.Tests;

/// <summary>
/// The libraries a service embeds are packed (<c>dotnet pack</c>, from this build) into a local folder feed, and both
/// samples are built outside the repository from those packages alone: a missing dependency, a type that should be public
/// or a package that does not restore fails here, as it would for a team that adopts the platform. Third-party packages
/// come from the machine's package cache and nuget.org; <c>Platform.*</c> only from the local feed.
/// </summary>
[TestFixture]
public sealed class When_a_sample_is_built_from_the_packages
{
    static readonly string[] Packages =
        ["Platform.Contracts", "Platform.Scheduling", "Platform.Messaging", "Platform.Hosting", "Platform.ServiceDefaults", "Platform.Worker", "Platform.Worker.AspNetCore", "Platform.Client"];

    static readonly Dictionary<string, string> ProjectOf = new()
    {
        ["Platform.Contracts"] = "contracts/Platform.Contracts",
        ["Platform.Scheduling"] = "src/Platform.Scheduling",
        ["Platform.Messaging"] = "src/Platform.Messaging",
        ["Platform.Hosting"] = "src/Platform.Hosting",
        ["Platform.ServiceDefaults"] = "src/Platform.ServiceDefaults",
        ["Platform.Worker"] = "src/Platform.Worker",
        ["Platform.Worker.AspNetCore"] = "src/Platform.Worker.AspNetCore",
        ["Platform.Client"] = "src/Platform.Client",
    };

    static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    string _work = "";
    string _feed = "";
    string _version = "";

    [OneTimeSetUp]
    public async Task PackIntoALocalFeed()
    {
        _work = Directory.CreateTempSubdirectory("platform-packages-").FullName;
        _feed = Path.Combine(_work, "feed");
        foreach (var package in Packages)
        {
            var packed = await DotNet.RunAsync(Repository.Root, Step, "pack", ProjectOf[package], "-c", Repository.Configuration, "--no-build",
                "--no-restore", "-o", _feed);
            Assert.That(packed.ExitCode, Is.Zero, $"dotnet pack {package}:\n{packed.Output}");
        }

        _version = Path.GetFileNameWithoutExtension(Directory.GetFiles(_feed, "Platform.Client.*.nupkg").Single())["Platform.Client.".Length..];
        // Nothing above the samples' folder may set MSBuild properties or package versions; their packages land in a folder
        // of their own (the machine's cache serves third-party packages read-only), so a stale Platform.* is never used.
        File.WriteAllText(Path.Combine(_work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_work, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(_work, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_work, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="platform-local" value="{_feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackages()}" />
              </fallbackPackageFolders>
              <packageSourceMapping>
                <packageSource key="platform-local">
                  <package pattern="Platform.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    [OneTimeTearDown]
    public void DeleteTheWorkFolder()
    {
        if (_work.Length > 0)
            Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void Should_pack_each_library_with_its_readme_xml_docs_and_the_one_version()
    {
        Assert.That(Directory.GetFiles(_feed, "*.nupkg").Select(Path.GetFileName),
            Is.EquivalentTo(Packages.Select(p => $"{p}.{_version}.nupkg")), "every package at the version of Directory.Build.props");
        Assert.Multiple(() =>
        {
            foreach (var package in Packages)
            {
                using var zip = ZipFile.OpenRead(Path.Combine(_feed, $"{package}.{_version}.nupkg"));
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.That(entries, Does.Contain("README.md"), $"{package}: readme");
                Assert.That(entries, Does.Contain($"lib/net10.0/{package}.xml"), $"{package}: XML docs");
                using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
                var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                Assert.That(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "readme")?.Value, Is.EqualTo("README.md"), $"{package}: readme in nuspec");
                Assert.That(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "description")?.Value, Is.Not.Empty, $"{package}: description");
            }
        });
    }

    [TestCase("Samples.Reports", new[] { "Platform.Worker", "Platform.Worker.AspNetCore" })]
    [TestCase("Samples.Publisher", new[] { "Platform.Client", "Platform.ServiceDefaults" })]
    public async Task Should_build_the_sample_from_the_packages_alone(string sample, string[] packages)
    {
        var folder = Path.Combine(_work, sample);
        Directory.CreateDirectory(folder);
        var source = Path.Combine(Repository.Root, "samples", sample);
        foreach (var file in Directory.GetFiles(source, "*.cs").Concat(Directory.GetFiles(source, "appsettings.json")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(folder, $"{sample}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p}\" Version=\"{_version}\" />\n"))}  </ItemGroup>
            </Project>
            """);

        var built = await DotNet.RunAsync(folder, Step, "build", "-c", "Release");

        Assert.That(built.ExitCode, Is.Zero, $"dotnet build {sample} from the packages:\n{built.Output}");
        Assert.That(File.Exists(Path.Combine(folder, "bin", "Release", "net10.0", $"{sample}.dll")), Is.True);
        var restored = Directory.GetDirectories(Path.Combine(_work, "packages")).Select(Path.GetFileName).ToList();
        Assert.That(restored, Is.SupersetOf(packages.Select(p => p.ToLowerInvariant())), "the Platform packages came from the local feed");
    }

    static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
