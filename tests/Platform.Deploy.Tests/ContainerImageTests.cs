using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>
/// deploy/docker/Dockerfile and .dockerignore, read as Docker reads them (no engine builds the image here): one file
/// for every service, a runtime stage that runs as an unprivileged user with a healthcheck on /health/ready and passes
/// its arguments on (the scheduler's --migrate-only), and a build context that holds the sources but no local data, git
/// history or build output.
/// </summary>
[TestFixture]
public sealed class When_the_container_image_is_built
{
    static readonly string Dockerfile = RepositoryFiles.Read("deploy/docker/Dockerfile");

    /// <summary>The instructions after the last FROM: what the image that runs is made of.</summary>
    static List<string> RuntimeStage() => [.. Dockerfile.Split("\nFROM ").Last().Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))];

    [Test]
    public void Should_run_as_an_unprivileged_user()
    {
        var user = RuntimeStage().LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.That(user, Is.EqualTo("USER $APP_UID"), "the .NET images' non-root user (uid 1654)");
    }

    [Test]
    public void Should_check_health_on_ready()
    {
        var stage = string.Join('\n', RuntimeStage());
        Assert.That(stage, Does.Match(@"HEALTHCHECK [^\n]*\\\n\s*CMD [^\n]*http://127\.0\.0\.1:8080/health/ready"));
    }

    [Test]
    public void Should_pass_its_arguments_to_the_service()
    {
        var entrypoint = RuntimeStage().Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.That(entrypoint, Does.Contain("exec dotnet").And.Contains("\\\"$@\\\""));
    }

    [Test]
    public void Should_build_the_service_named_by_its_build_argument()
    {
        Assert.That(Dockerfile, Does.Contain("dotnet publish \"src/$PROJECT/$PROJECT.csproj\""));
    }

    [TestCase(".git/config")]
    [TestCase(".data/postgres/base/1")]
    [TestCase("src/Platform.Api/bin/Release/net10.0/Platform.Api.dll")]
    [TestCase("src/Platform.Api/obj/project.assets.json")]
    [TestCase("tests/Platform.Deploy.Tests/RepositoryFiles.cs")]
    [TestCase("TestResults/run.trx")]
    [TestCase("deploy/k8s/schemas/kubernetes.json")]
    public void Should_leave_out_of_the_build_context(string path)
    {
        Assert.That(DockerIgnore.Excludes(path), Is.True, path);
    }

    [TestCase("src/Platform.Api/Program.cs")]
    [TestCase("src/Platform.Scheduler/Persistence/Migrations/20261127224725_InitialSchema.cs")]
    [TestCase("contracts/Platform.Contracts/Platform.Contracts.csproj")]
    [TestCase("Directory.Build.props")]
    [TestCase("Directory.Packages.props")]
    [TestCase("global.json")]
    [TestCase(".editorconfig")]
    [TestCase("BannedSymbols.txt")]
    public void Should_send_what_the_build_needs(string path)
    {
        Assert.That(DockerIgnore.Excludes(path), Is.False, path);
    }

    /// <summary>.dockerignore's rules as Docker applies them: patterns in order, the last one that matches a path or one
    /// of its parent folders decides, <c>!</c> includes again, <c>**</c> matches any number of folders.</summary>
    static class DockerIgnore
    {
        static readonly List<(bool Include, Regex Pattern)> Rules = [.. RepositoryFiles.Read(".dockerignore").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (l.StartsWith('!'), ToRegex(l.TrimStart('!').Trim('/'))))];

        public static bool Excludes(string path)
        {
            var excluded = false;
            foreach (var (include, pattern) in Rules)
            {
                if (Prefixes(path).Any(pattern.IsMatch))
                    excluded = !include;
            }

            return excluded;
        }

        static IEnumerable<string> Prefixes(string path)
        {
            var parts = path.Split('/');
            for (var i = 1; i <= parts.Length; i++)
                yield return string.Join('/', parts[..i]);
        }

        static Regex ToRegex(string pattern)
        {
            var regex = Regex.Escape(pattern)
                .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
                .Replace(@"\*\*", ".*", StringComparison.Ordinal)
                .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
                .Replace(@"\?", "[^/]", StringComparison.Ordinal);
            return new Regex($"^{regex}$", RegexOptions.CultureInvariant);
        }
    }
}
