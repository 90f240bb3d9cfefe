using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>
/// The production overlay: RabbitMQ through the RabbitMQ Cluster Operator (3 nodes, quorum queues), PostgreSQL through
/// CloudNativePG (3 instances, WAL archive and scheduled backups), workers in quorum bands scaled by KEDA per band, and
/// Secrets that secrets.sh prints for everything the overlay reads.
/// </summary>
[TestFixture]
public sealed partial class When_the_production_overlay_is_rendered
{
    RenderedObjects _rendered = null!;
    RenderedObjects _secrets = null!;

    [OneTimeSetUp]
    public async Task Render()
    {
        _rendered = await RenderedObjects.KustomizeAsync("deploy/k8s/overlays/production");
        var script = await ExternalTool.RunAsync(RepositoryFiles.PathOf("deploy/k8s/overlays/production/secrets.sh"), [],
            new Dictionary<string, string> { ["PLATFORM_BACKUP_ACCESS_KEY_ID"] = "test-id", ["PLATFORM_BACKUP_SECRET_ACCESS_KEY"] = "test-secret" });
        Assert.That(script.ExitCode, Is.Zero, script.ToString());
        _secrets = RenderedObjects.FromYaml(script.Output);
    }

    [Test]
    public void Should_run_three_rabbitmq_nodes_on_different_machines()
    {
        var cluster = _rendered.One("RabbitmqCluster", "platform-rabbitmq");
        Assert.Multiple(() =>
        {
            Assert.That(cluster["spec"]!["replicas"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(cluster["spec"]!["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]![0]!["topologyKey"]!.GetValue<string>(),
                Is.EqualTo("kubernetes.io/hostname"));
        });
    }

    [TestCase("scheduler")]
    [TestCase("worker")]
    [TestCase("api")]
    public void Should_give_a_service_the_broker_permissions_the_local_servers_and_compose_give_it(string service)
    {
        var line = RepositoryFiles.Read("deploy/rabbitmq/permissions.txt").Split('\n')
            .Single(l => l.StartsWith(service + "\t", StringComparison.Ordinal)).TrimEnd('\r').Split('\t');
        var permissions = _rendered.One("Permission", $"platform-{service}")["spec"]!["permissions"]!;
        Assert.That(new[] { "configure", "write", "read" }.Select(p => permissions[p]!.GetValue<string>()), Is.EqualTo(line[1..4]));
    }

    [Test]
    public void Should_use_quorum_queues()
    {
        var settings = _rendered.OfKind("ConfigMap").Single(c => RenderedObjects.Name(c).StartsWith("platform-settings", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(_rendered.One("Vhost", "platform")["spec"]!["defaultQueueType"]!.GetValue<string>(), Is.EqualTo("quorum"));
            Assert.That(settings["data"]!["Platform__Worker__QueueMode"]!.GetValue<string>(), Is.EqualTo("QuorumBands"));
            Assert.That(settings["data"]!["Platform__RabbitMq__QuorumQueues"]!.GetValue<string>(), Is.EqualTo("true"));
        });
    }

    [Test]
    public void Should_scale_workers_on_each_priority_bands_queue()
    {
        var scaler = _rendered.One("ScaledObject", "platform-worker");
        var queues = scaler["spec"]!["triggers"]!.AsArray().Select(t => t!["metadata"]!["queueName"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(scaler["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>(), Is.EqualTo("platform-worker"));
            Assert.That(queues, Is.EquivalentTo(new[] { "platform-worker-high", "platform-worker-normal", "platform-worker-low" }));
            Assert.That(_rendered.One("Deployment", "platform-worker")["spec"]!["replicas"], Is.Null, "KEDA owns the workers' replicas");
        });
    }

    [Test]
    public void Should_run_three_postgresql_instances_with_synchronous_replication_and_backups()
    {
        var cluster = _rendered.One("Cluster", "platform-db");
        var plugin = cluster["spec"]!["plugins"]!.AsArray().Single()!;
        var store = _rendered.One("ObjectStore", plugin["parameters"]!["barmanObjectName"]!.GetValue<string>());
        var backup = _rendered.OfKind("ScheduledBackup").Single();
        Assert.Multiple(() =>
        {
            Assert.That(cluster["spec"]!["instances"]!.GetValue<long>(), Is.EqualTo(3));
            Assert.That(cluster["spec"]!["postgresql"]!["synchronous"]!["number"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(plugin["isWALArchiver"]!.GetValue<bool>(), Is.True, "WAL archiving (point-in-time recovery)");
            Assert.That(store["spec"]!["retentionPolicy"]!.GetValue<string>(), Is.EqualTo("30d"));
            Assert.That(backup["spec"]!["cluster"]!["name"]!.GetValue<string>(), Is.EqualTo("platform-db"));
            Assert.That(backup["spec"]!["method"]!.GetValue<string>(), Is.EqualTo("plugin"));
            Assert.That(backup["spec"]!["pluginConfiguration"]!["name"]!.GetValue<string>(), Is.EqualTo(plugin["name"]!.GetValue<string>()));
        });
    }

    [Test]
    public void Should_grant_the_same_privileges_as_compose()
    {
        var statements = _rendered.One("Cluster", "platform-db")["spec"]!["bootstrap"]!["initdb"]!["postInitApplicationSQL"]!.AsArray()
            .Select(s => s!.GetValue<string>())
            .Where(s => !s.StartsWith("create role ", StringComparison.Ordinal));
        var grants = RepositoryFiles.Read("deploy/docker/postgres-grants.sql").Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("select current_database()", StringComparison.Ordinal))
            .Select(l => l.Replace(":\"platform_database\"", "\"platform\"", StringComparison.Ordinal).TrimEnd(';'));
        Assert.That(statements, Is.EqualTo(grants));
    }

    [Test]
    public void Should_print_every_secret_the_overlay_reads()
    {
        var printed = _secrets.OfKind("Secret").Select(RenderedObjects.Name).ToHashSet();
        var read = _rendered.OfKind("Deployment").Concat(_rendered.OfKind("Job")).SelectMany(RenderedObjects.SecretsReadBy)
            .Concat(ReferencedByOperators())
            .ToHashSet();
        Assert.That(read.Except(printed), Is.Empty, $"read by the overlay but not printed by secrets.sh (it prints {string.Join(", ", printed)})");
    }

    [Test]
    public void Should_print_secrets_that_match_their_schema()
    {
        var errors = _secrets.Items.SelectMany(KubernetesSchemas.Shared.Validate).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(_secrets.Items, Is.Not.Empty);
            Assert.That(errors, Is.Empty, string.Join("\n", errors));
            Assert.That(_secrets.Items.Select(s => s["metadata"]!["namespace"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "platform" }));
        });
    }

    [Test]
    public void Should_hash_the_api_key_it_prints()
    {
        var keys = _secrets.One("Secret", "platform-api-keys")["data"]!;
        var hash = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(keys["Platform__Api__Keys__0__KeyHash"]!.GetValue<string>()));
        Assert.That(hash, Does.Match("^[0-9a-f]{64}$"));
    }

    /// <summary>Secret names in the operators' and KEDA's resources (importCredentialsSecret, passwordSecret, secret,
    /// secretTargetRef, s3Credentials).</summary>
    IEnumerable<string> ReferencedByOperators()
    {
        foreach (var item in _rendered.Items.Where(i => RenderedObjects.Kind(i) is "User" or "Cluster" or "ObjectStore" or "TriggerAuthentication"))
        {
            foreach (Match match in SecretReference().Matches(item.ToJsonString()))
                yield return match.Groups["name"].Value;
        }
    }

    [GeneratedRegex("\"(importCredentialsSecret|passwordSecret|secret|accessKeyId|secretAccessKey)\":\\{\"name\":\"(?<name>[^\"]+)\"|\"secretTargetRef\":\\[\\{[^}]*\"name\":\"(?<name>[^\"]+)\"")]
    private static partial Regex SecretReference();
}
