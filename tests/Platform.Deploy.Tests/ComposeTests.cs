using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Platform.Worker;

namespace Platform.Deploy.Tests;

/// <summary>
/// docker-compose.yml, as Debian's docker-compose reads it (no engine runs it here): valid with the secrets
/// <c>./platform compose-env</c> writes and refused without them, ports on loopback unless opened on purpose, each service
/// logging in as its own database role and broker user, API keys and Grafana login on, health checks, restart policies
/// and ordered start, workers stopped only after their drain, two schedulers and two workers.
/// </summary>
[TestFixture]
public sealed class When_the_compose_file_is_read
{
    static readonly string[] PlatformServices = ["scheduler-1", "scheduler-2", "worker-1", "worker-2", "api"];
    string _folder = null!;
    string _envFile = null!;
    JsonObject _services = null!;
    Dictionary<string, string> _secrets = null!;

    static Task<ToolResult> ComposeAsync(string envFile, IDictionary<string, string>? environment = null, params string[] arguments) =>
        ExternalTool.RunAsync("docker-compose", ["--project-directory", RepositoryFiles.Root, "-f", RepositoryFiles.PathOf("docker-compose.yml"),
            "--env-file", envFile, .. arguments], environment);

    Task<ToolResult> WriteSecretsAsync() => ExternalTool.RunAsync(RepositoryFiles.PathOf("platform"), ["compose-env"],
        new Dictionary<string, string> { ["PLATFORM_COMPOSE_ENV"] = _envFile });

    [OneTimeSetUp]
    public async Task WriteSecretsAndResolve()
    {
        _folder = Directory.CreateTempSubdirectory("platform-compose-").FullName;
        _envFile = Path.Combine(_folder, "compose.env");
        var written = await WriteSecretsAsync();
        Assert.That(written.ExitCode, Is.Zero, written.ToString());
        _secrets = File.ReadAllLines(_envFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var config = await ComposeAsync(_envFile, null, "config");
        Assert.That(config.ExitCode, Is.Zero, config.ToString());
        _services = YamlDocuments.Parse(config.Output).Single()!["services"]!.AsObject();
    }

    [OneTimeTearDown]
    public void DeleteSecrets() => Directory.Delete(_folder, recursive: true);

    JsonObject Service(string name) => _services[name]?.AsObject() ?? throw new AssertionException($"no service {name} in docker-compose.yml");

    static string? Env(JsonObject service, string name) => service["environment"]?[name]?.GetValue<string>();

    [Test]
    public async Task Should_be_valid_for_docker_compose()
    {
        var result = await ComposeAsync(_envFile, null, "config", "-q");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public async Task Should_refuse_to_start_without_its_secrets()
    {
        var empty = Path.Combine(_folder, "empty.env");
        await File.WriteAllTextAsync(empty, "");
        var result = await ComposeAsync(empty, null, "config", "-q");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, "docker-compose config without the secrets");
            Assert.That(result.Error, Does.Contain("PLATFORM_"), "the error names the missing variable");
        });
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Should_write_the_secrets_once_for_the_owner_only()
    {
        var before = await File.ReadAllTextAsync(_envFile);
        var again = await WriteSecretsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.Zero, again.ToString());
            Assert.That(File.ReadAllText(_envFile), Is.EqualTo(before), "a second compose-env keeps the first secrets");
            Assert.That(File.GetUnixFileMode(_envFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(_secrets.Where(s => s.Key.EndsWith("_PASSWORD", StringComparison.Ordinal)).Select(s => s.Value), Is.Unique.And.All.Length.AtLeast(32));
        });
    }

    [Test]
    public void Should_require_api_keys_whose_hashes_match_the_printed_keys()
    {
        static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var api = Service("api");
        Assert.Multiple(() =>
        {
            Assert.That(Env(api, "Platform__Api__RequireAuthentication"), Is.EqualTo("true"));
            Assert.That(Env(api, "Platform__Api__Keys__0__Role"), Is.EqualTo("Operator"));
            Assert.That(Env(api, "Platform__Api__Keys__0__KeyHash"), Is.EqualTo(Sha256(_secrets["PLATFORM_API_OPERATOR_KEY"])));
            Assert.That(Env(api, "Platform__Api__Keys__1__Role"), Is.EqualTo("Reader"));
            Assert.That(Env(api, "Platform__Api__Keys__1__KeyHash"), Is.EqualTo(Sha256(_secrets["PLATFORM_API_READER_KEY"])));
            foreach (var worker in new[] { "worker-1", "worker-2" })
            {
                Assert.That(Env(Service(worker), "Platform__Worker__Endpoints__KeyHashes__0"), Is.EqualTo(Sha256(_secrets["PLATFORM_WORKER_ENDPOINT_KEY"])),
                    $"{worker}'s endpoints need the printed worker key");
            }
        });
    }

    [Test]
    public void Should_publish_ports_on_loopback_only()
    {
        var ports = _services.SelectMany(s => (s.Value!["ports"]?.AsArray() ?? []).Select(p => (Service: s.Key, Port: p!.GetValue<string>()))).ToList();
        Assert.That(ports, Is.Not.Empty);
        Assert.That(ports.Where(p => !p.Port.StartsWith("127.0.0.1:", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task Should_open_the_api_and_grafana_only_when_asked_to()
    {
        var opened = await ComposeAsync(_envFile, new Dictionary<string, string> { ["PLATFORM_API_BIND"] = "0.0.0.0", ["PLATFORM_GRAFANA_BIND"] = "0.0.0.0" }, "config");
        Assert.That(opened.ExitCode, Is.Zero, opened.ToString());
        var services = YamlDocuments.Parse(opened.Output).Single()!["services"]!;
        Assert.Multiple(() =>
        {
            Assert.That(services["api"]!["ports"]![0]!.GetValue<string>(), Does.StartWith("0.0.0.0:5103:"));
            Assert.That(services["grafana"]!["ports"]![0]!.GetValue<string>(), Does.StartWith("0.0.0.0:3000:"));
            Assert.That(services["rabbitmq"]!["ports"]!.AsArray().Select(p => p!.GetValue<string>()), Is.All.StartWith("127.0.0.1:"));
        });
    }

    [Test]
    public void Should_run_two_schedulers_and_two_workers_from_the_one_dockerfile()
    {
        var images = PlatformServices.Select(s => Service(s)["image"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(images.Count(i => i == "platform-scheduler:local"), Is.EqualTo(2));
            Assert.That(images.Count(i => i == "platform-worker:local"), Is.EqualTo(2));
            Assert.That(PlatformServices.Select(s => Service(s)["build"]!["dockerfile"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "deploy/docker/Dockerfile" }));
        });
    }

    [Test]
    public void Should_stop_workers_only_after_their_drain()
    {
        var options = new WorkerOptions();
        // The worker host waits DrainTimeout + HandBackTimeout, plus one more HandBackTimeout, before it gives up.
        var needed = options.DrainTimeout + options.HandBackTimeout + options.HandBackTimeout;
        Assert.Multiple(() =>
        {
            foreach (var worker in new[] { "worker-1", "worker-2" })
            {
                var grace = GoDuration(Service(worker)["stop_grace_period"]?.GetValue<string>() ?? "10s");
                Assert.That(grace, Is.GreaterThan(needed), $"{worker}: stop_grace_period");
            }
        });
    }

    [Test]
    public void Should_check_health_restart_and_start_after_what_they_need()
    {
        Assert.Multiple(() =>
        {
            foreach (var name in PlatformServices)
            {
                var service = Service(name);
                Assert.That(service["healthcheck"]?["test"]?.AsArray().Select(t => t!.GetValue<string>()), Has.Some.Contains("/health/ready"), $"{name}: healthcheck");
                Assert.That(service["restart"]?.GetValue<string>(), Is.EqualTo("unless-stopped"), $"{name}: restart");
                var dependencies = service["depends_on"]!.AsObject();
                Assert.That(dependencies.Select(d => d.Key), Is.SupersetOf(new[] { "rabbitmq", "rabbitmq-users", "postgres" }), $"{name}: depends_on");
                Assert.That(dependencies.Select(d => d.Value?["condition"]?.GetValue<string>()), Is.All.AnyOf("service_healthy", "service_completed_successfully"),
                    $"{name}: every dependency has a condition");
                Assert.That(service["read_only"]?.GetValue<bool>(), Is.True, $"{name}: read-only root filesystem");
                Assert.That(service["cap_drop"]?.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "ALL" }), $"{name}: capabilities");
            }

            foreach (var server in new[] { "rabbitmq", "postgres" })
            {
                Assert.That(Service(server)["healthcheck"], Is.Not.Null, $"{server}: healthcheck");
                Assert.That(Service(server)["volumes"]!.AsArray().Select(v => v!.GetValue<string>()), Has.Some.Contains("-data:/var/lib/"), $"{server}: data on a volume");
            }
        });
    }

    [Test]
    public void Should_log_each_service_in_as_its_own_database_role_and_broker_user()
    {
        var expected = new Dictionary<string, (string Setting, string Role, string User)>
        {
            ["scheduler-1"] = ("Platform__Scheduler__ConnectionString", "platform_scheduler", "platform-scheduler"),
            ["scheduler-2"] = ("Platform__Quartz__ConnectionString", "platform_scheduler", "platform-scheduler"),
            ["worker-1"] = ("Platform__Worker__ConnectionString", "platform_worker", "platform-worker"),
            ["worker-2"] = ("Platform__Worker__ConnectionString", "platform_worker", "platform-worker"),
            ["api"] = ("Platform__Api__ConnectionString", "platform_api", "platform-api"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (name, (setting, role, user)) in expected)
            {
                Assert.That(Env(Service(name), setting), Does.Contain($"Username={role};"), $"{name}: {setting}");
                Assert.That(Env(Service(name), "Platform__RabbitMq__Username"), Is.EqualTo(user), $"{name}: broker user");
            }
        });
    }

    [Test]
    public void Should_require_a_grafana_login()
    {
        var grafana = Service("grafana");
        Assert.Multiple(() =>
        {
            Assert.That(Env(grafana, "GF_AUTH_ANONYMOUS_ENABLED"), Is.EqualTo("false"));
            Assert.That(Env(grafana, "GF_SECURITY_ADMIN_PASSWORD"), Is.EqualTo(_secrets["PLATFORM_GRAFANA_ADMIN_PASSWORD"]));
        });
    }

    /// <summary>docker-compose prints durations as Go does (1m0s, 60s, 1m30s).</summary>
    static TimeSpan GoDuration(string text)
    {
        var total = TimeSpan.Zero;
        var match = System.Text.RegularExpressions.Regex.Match(text, "^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?$");
        Assert.That(match.Success, Is.True, $"a duration: {text}");
        if (match.Groups[1].Success)
            total += TimeSpan.FromHours(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        if (match.Groups[2].Success)
            total += TimeSpan.FromMinutes(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        if (match.Groups[3].Success)
            total += TimeSpan.FromSeconds(double.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        return total;
    }
}
