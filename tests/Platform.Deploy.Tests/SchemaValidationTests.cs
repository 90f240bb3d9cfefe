using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>The schema check itself: it must reject what the API server and the operators' CRDs reject, naming the object
/// and the field, or the overlay tests prove nothing.</summary>
[TestFixture]
public sealed class When_an_object_is_checked_against_its_schema
{
    static JsonObject Object(string yaml) => YamlDocuments.Parse(yaml).Single()!.AsObject();

    const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: example
          creationTimestamp: null
        spec:
          replicas: 2
          selector:
            matchLabels: { app: example }
          strategy:
            rollingUpdate: { maxSurge: 1, maxUnavailable: 25% }
          template:
            metadata:
              labels: { app: example }
            spec:
              containers:
                - name: example
                  image: example
                  ports: [{ name: http, containerPort: 8080 }]
                  readinessProbe:
                    httpGet: { path: /health/ready, port: http }
                  resources:
                    requests: { cpu: 1, memory: 256Mi }
        """;

    [Test]
    public void Should_accept_a_valid_deployment()
    {
        Assert.That(KubernetesSchemas.Shared.Validate(Object(Deployment)), Is.Empty);
    }

    [Test]
    public void Should_name_the_object_and_the_field_that_is_unknown()
    {
        var errors = KubernetesSchemas.Shared.Validate(Object(Deployment.Replace("replicas: 2", "replica: 2", StringComparison.Ordinal)));
        Assert.That(errors, Has.Some.Contains("Deployment/example").And.Contains("/spec/replica"));
    }

    [Test]
    public void Should_reject_a_field_of_the_wrong_type()
    {
        var errors = KubernetesSchemas.Shared.Validate(Object(Deployment.Replace("replicas: 2", "replicas: two", StringComparison.Ordinal)));
        Assert.That(errors, Has.Some.Contains("/spec/replicas"));
    }

    [Test]
    public void Should_reject_an_unknown_field_of_an_operators_resource()
    {
        var errors = KubernetesSchemas.Shared.Validate(Object("""
            apiVersion: rabbitmq.com/v1beta1
            kind: RabbitmqCluster
            metadata: { name: example }
            spec: { replica: 3 }
            """));
        Assert.That(errors, Has.Some.Contains("RabbitmqCluster/example").And.Contains("/spec/replica"));
    }

    [Test]
    public void Should_check_a_custom_resources_metadata_as_object_metadata()
    {
        var errors = KubernetesSchemas.Shared.Validate(Object("""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata: { name: example, label: { a: b } }
            spec:
              scaleTargetRef: { name: example }
              triggers: [{ type: rabbitmq, metadata: { queueName: q, mode: QueueLength, value: "5" } }]
            """));
        Assert.That(errors, Has.Some.Contains("/metadata/label"));
    }

    [Test]
    public void Should_reject_a_kind_it_has_no_schema_for()
    {
        var errors = KubernetesSchemas.Shared.Validate(Object("apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n"));
        Assert.That(errors, Has.Some.Contains("Widget/w").And.Contains("no schema"));
    }
}
