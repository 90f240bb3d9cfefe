using System.Text.Json.Nodes;
using NUnit.Framework;
using Platform.Worker;

namespace Platform.Deploy.Tests;

/// <summary>
/// Each overlay of deploy/k8s renders with <c>kubectl kustomize</c>, every object it renders matches its schema (the
/// Kubernetes API's, or the operator's CRD), and the platform's workloads keep the rules docs/deploy.md relies on.
/// </summary>
[TestFixture("deploy/k8s/overlays/dev")]
[TestFixture("deploy/k8s/overlays/production")]
public sealed class When_a_kubernetes_overlay_is_rendered(string overlay)
{
    static readonly string[] PlatformDeployments = ["platform-scheduler", "platform-worker", "platform-api"];
    RenderedObjects _rendered = null!;

    [OneTimeSetUp]
    public async Task Render() => _rendered = await RenderedObjects.KustomizeAsync(overlay);

    IEnumerable<JsonObject> PlatformWorkloads() =>
        PlatformDeployments.Select(d => _rendered.One("Deployment", d)).Append(_rendered.One("Job", "platform-migrate"));

    [Test]
    public void Should_match_the_schema_of_every_object()
    {
        Assert.That(_rendered.Items, Is.Not.Empty);
        var errors = _rendered.Items.SelectMany(KubernetesSchemas.Shared.Validate).ToList();
        Assert.That(errors, Is.Empty, $"{overlay}: {errors.Count} schema error(s):\n{string.Join("\n", errors)}");
    }

    [Test]
    public void Should_run_at_least_two_schedulers()
    {
        var replicas = _rendered.One("Deployment", "platform-scheduler")["spec"]!["replicas"]!.GetValue<long>();
        Assert.That(replicas, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void Should_give_a_stopping_worker_more_time_than_its_drain()
    {
        var options = new WorkerOptions();
        var drain = options.DrainTimeout + options.HandBackTimeout;
        var grace = RenderedObjects.PodSpec(_rendered.One("Deployment", "platform-worker"))["terminationGracePeriodSeconds"]!.GetValue<long>();
        // The worker host's shutdown timeout is the drain plus one more HandBackTimeout (PlatformWorkerExtensions).
        Assert.That(TimeSpan.FromSeconds(grace), Is.GreaterThan(drain + options.HandBackTimeout));
    }

    [Test]
    public void Should_probe_every_platform_container_on_its_health_endpoints()
    {
        Assert.Multiple(() =>
        {
            foreach (var deployment in PlatformDeployments.Select(d => _rendered.One("Deployment", d)))
            {
                var container = RenderedObjects.Containers(deployment).Single();
                var name = RenderedObjects.Describe(deployment);
                Assert.That(container["readinessProbe"]?["httpGet"]?["path"]?.GetValue<string>(), Is.EqualTo("/health/ready"), name);
                Assert.That(container["livenessProbe"]?["httpGet"]?["path"]?.GetValue<string>(), Is.EqualTo("/health/live"), name);
                Assert.That(container["startupProbe"]?["httpGet"]?["path"]?.GetValue<string>(), Is.EqualTo("/health/live"), name);
            }
        });
    }

    [Test]
    public void Should_request_and_limit_cpu_and_memory_for_every_platform_container()
    {
        Assert.Multiple(() =>
        {
            foreach (var workload in PlatformWorkloads())
            {
                foreach (var container in RenderedObjects.Containers(workload))
                {
                    foreach (var bound in new[] { "requests", "limits" })
                    {
                        foreach (var resource in new[] { "cpu", "memory" })
                            Assert.That(container["resources"]?[bound]?[resource], Is.Not.Null, $"{RenderedObjects.Describe(workload)}: resources.{bound}.{resource}");
                    }
                }
            }
        });
    }

    [Test]
    public void Should_run_platform_pods_unprivileged_on_a_read_only_root()
    {
        Assert.Multiple(() =>
        {
            foreach (var workload in PlatformWorkloads())
            {
                var name = RenderedObjects.Describe(workload);
                var pod = RenderedObjects.PodSpec(workload);
                Assert.That(pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>(), Is.True, $"{name}: runAsNonRoot");
                Assert.That(pod["automountServiceAccountToken"]?.GetValue<bool>(), Is.False, $"{name}: automountServiceAccountToken");
                foreach (var container in RenderedObjects.Containers(workload))
                {
                    var security = container["securityContext"];
                    Assert.That(security?["readOnlyRootFilesystem"]?.GetValue<bool>(), Is.True, $"{name}: readOnlyRootFilesystem");
                    Assert.That(security?["allowPrivilegeEscalation"]?.GetValue<bool>(), Is.False, $"{name}: allowPrivilegeEscalation");
                    Assert.That(security?["capabilities"]?["drop"]?.AsArray().Select(c => c!.GetValue<string>()), Is.EqualTo(new[] { "ALL" }), $"{name}: capabilities");
                }
            }
        });
    }

    [Test]
    public void Should_keep_one_pod_of_each_platform_service_through_voluntary_disruptions()
    {
        var budgets = _rendered.OfKind("PodDisruptionBudget").ToList();
        Assert.Multiple(() =>
        {
            foreach (var deployment in PlatformDeployments)
            {
                var budget = budgets.SingleOrDefault(b => b["spec"]?["selector"]?["matchLabels"]?["app.kubernetes.io/name"]?.GetValue<string>() == deployment);
                Assert.That(budget, Is.Not.Null, $"a PodDisruptionBudget selecting {deployment}");
                Assert.That(budget?["spec"]?["maxUnavailable"]?.GetValue<long>(), Is.EqualTo(1), $"{deployment}: maxUnavailable");
            }
        });
    }

    [Test]
    public void Should_migrate_with_the_scheduler_image_in_migrate_only_mode()
    {
        var job = _rendered.One("Job", "platform-migrate");
        var migrate = RenderedObjects.Containers(job).Single();
        var scheduler = RenderedObjects.Containers(_rendered.One("Deployment", "platform-scheduler")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(migrate["image"]!.GetValue<string>(), Is.EqualTo(scheduler["image"]!.GetValue<string>()));
            Assert.That(migrate["args"]!.AsArray().Select(a => a!.GetValue<string>()), Is.EqualTo(new[] { "--migrate-only" }));
            Assert.That(RenderedObjects.Env(migrate, "Platform__Scheduler__ConnectionString"),
                Is.EqualTo(RenderedObjects.Env(scheduler, "Platform__Scheduler__ConnectionString")));
        });
    }

    [Test]
    public void Should_label_the_migration_job_and_the_settings_it_reads_for_a_run_before_the_rollout()
    {
        // docs/deploy.md applies them alone first: kubectl apply -k OVERLAY -l 'app.kubernetes.io/component in (settings,migration)'
        var job = _rendered.One("Job", "platform-migrate");
        var configMaps = RenderedObjects.Containers(job).SelectMany(c => c["envFrom"]?.AsArray() ?? [])
            .Select(e => e?["configMapRef"]?["name"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(job["metadata"]!["labels"]!["app.kubernetes.io/component"]!.GetValue<string>(), Is.EqualTo("migration"));
            Assert.That(configMaps, Is.Not.Empty);
            foreach (var name in configMaps)
            {
                Assert.That(_rendered.One("ConfigMap", name)["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>(),
                    Is.AnyOf("settings", "migration"), $"ConfigMap/{name} read by the migration Job");
            }
        });
    }

    [Test]
    public void Should_give_each_service_its_own_database_role_and_require_api_keys()
    {
        var connection = new Dictionary<string, (string Setting, string Role)>
        {
            ["platform-scheduler"] = ("Platform__Scheduler__ConnectionString", "platform_scheduler"),
            ["platform-worker"] = ("Platform__Worker__ConnectionString", "platform_worker"),
            ["platform-api"] = ("Platform__Api__ConnectionString", "platform_api"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (deployment, (setting, role)) in connection)
            {
                var container = RenderedObjects.Containers(_rendered.One("Deployment", deployment)).Single();
                Assert.That(RenderedObjects.Env(container, setting), Does.Contain($"Username={role};"), $"{deployment}: {setting}");
            }

            var api = RenderedObjects.Containers(_rendered.One("Deployment", "platform-api")).Single();
            Assert.That(RenderedObjects.Env(api, "Platform__Api__RequireAuthentication"), Is.EqualTo("true"));
            Assert.That(RenderedObjects.SecretsReadBy(_rendered.One("Deployment", "platform-api")), Has.Some.StartsWith("platform-api-keys"));
        });
    }

    [Test]
    public void Should_deny_ingress_to_platform_pods_except_the_api_and_metrics()
    {
        var policies = _rendered.OfKind("NetworkPolicy").ToList();
        var denyAll = policies.Single(p => RenderedObjects.Name(p) == "platform-default-deny-ingress");
        Assert.Multiple(() =>
        {
            Assert.That(denyAll["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/part-of"]!.GetValue<string>(), Is.EqualTo("platform"));
            Assert.That(denyAll["spec"]!["ingress"], Is.Null, "the default policy allows no ingress");
            foreach (var deployment in PlatformDeployments)
            {
                var labels = _rendered.One("Deployment", deployment)["spec"]!["template"]!["metadata"]!["labels"]!;
                Assert.That(labels["app.kubernetes.io/part-of"]?.GetValue<string>(), Is.EqualTo("platform"), $"{deployment}'s pods are selected by the policies");
            }
        });
    }
}
