using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>The dev overlay: its own RabbitMQ and PostgreSQL provisioned by the same files as compose, every Secret it
/// reads generated, and nothing that needs KEDA or the Prometheus operator.</summary>
[TestFixture]
public sealed class When_the_dev_overlay_is_rendered
{
    RenderedObjects _rendered = null!;

    [OneTimeSetUp]
    public async Task Render() => _rendered = await RenderedObjects.KustomizeAsync("deploy/k8s/overlays/dev");

    [TestCase("init-postgres.sh")]
    [TestCase("postgres-roles.sql")]
    [TestCase("postgres-grants.sql")]
    [TestCase("rabbitmq.conf")]
    [TestCase("enabled_plugins")]
    [TestCase("rabbitmq-users.sh")]
    public void Should_provision_its_servers_with_the_files_compose_uses(string file)
    {
        Assert.That(RepositoryFiles.Read($"deploy/k8s/overlays/dev/servers/{file}"), Is.EqualTo(RepositoryFiles.Read($"deploy/docker/{file}")),
            $"deploy/k8s/overlays/dev/servers/{file} is a copy of deploy/docker/{file}: copy it again");
    }

    [Test]
    public void Should_give_the_worker_the_broker_permissions_the_local_servers_and_compose_give_it() =>
        Assert.That(RepositoryFiles.Read("deploy/k8s/overlays/dev/servers/rabbitmq-permissions.txt"), Is.EqualTo(RepositoryFiles.Read("deploy/rabbitmq/permissions.txt")),
            "deploy/k8s/overlays/dev/servers/rabbitmq-permissions.txt is a copy of deploy/rabbitmq/permissions.txt: copy it again");

    [Test]
    public void Should_generate_every_secret_its_pods_read()
    {
        var generated = _rendered.OfKind("Secret").Select(RenderedObjects.Name).ToHashSet();
        var read = _rendered.OfKind("Deployment").Concat(_rendered.OfKind("StatefulSet")).Concat(_rendered.OfKind("Job"))
            .SelectMany(RenderedObjects.SecretsReadBy).ToHashSet();
        Assert.That(read.Except(generated), Is.Empty);
    }

    [Test]
    public void Should_need_neither_keda_nor_the_prometheus_operator()
    {
        var kinds = _rendered.Items.Select(RenderedObjects.Kind).ToList();
        Assert.That(kinds, Has.None.AnyOf("ScaledObject", "TriggerAuthentication", "ServiceMonitor"));
    }
}
