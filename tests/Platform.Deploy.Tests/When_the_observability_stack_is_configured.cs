using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>
/// The compose stack's telemetry path as configured (no collector or Grafana runs here): the collector protects itself and
/// batches on every pipeline, answers health checks and sends logs to Loki; Grafana links exemplars, spans and log lines
/// to each other under the label names the hosts really emit (checked against a real Prometheus by check-dashboard).
/// </summary>
[TestFixture]
public sealed class When_the_observability_stack_is_configured
{
    static JsonObject Yaml(string relative) => YamlDocuments.Parse(RepositoryFiles.Read(relative)).Single()!.AsObject();

    [Test]
    public void Should_limit_memory_first_and_batch_on_every_collector_pipeline()
    {
        var collector = Yaml("deploy/observability/otel-collector.yaml");
        var pipelines = collector["service"]!["pipelines"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(pipelines.Select(p => p.Key), Is.EquivalentTo(new[] { "traces", "logs", "metrics" }));
            foreach (var (name, pipeline) in pipelines)
            {
                var processors = pipeline!["processors"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
                Assert.That(processors, Is.EqualTo(new[] { "memory_limiter", "batch" }), $"{name}: memory_limiter first, then batch");
            }

            Assert.That(collector["service"]!["extensions"]!.AsArray().Select(e => e!.GetValue<string>()), Does.Contain("health_check"));
            Assert.That(pipelines["traces"]!["exporters"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "otlp/tempo" }));
            Assert.That(pipelines["logs"]!["exporters"]!.AsArray().Select(e => e!.GetValue<string>()), Is.EqualTo(new[] { "otlphttp/loki" }));
            Assert.That(collector["exporters"]!["otlphttp/loki"]!["endpoint"]!.GetValue<string>(), Is.EqualTo("http://loki:3100/otlp"));
        });
    }

    [Test]
    public void Should_link_exemplars_spans_and_log_lines_in_grafana()
    {
        var sources = Yaml("deploy/grafana/provisioning/datasources/datasources.yaml")["datasources"]!.AsArray()
            .ToDictionary(s => s!["uid"]!.GetValue<string>(), s => s!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(sources.Keys, Is.EquivalentTo(new[] { "prometheus", "tempo", "loki" }));
            var exemplars = sources["prometheus"]["jsonData"]!["exemplarTraceIdDestinations"]![0]!;
            Assert.That(exemplars["name"]!.GetValue<string>(), Is.EqualTo("trace_id"), "the exemplar label OpenTelemetry's Prometheus exporter writes");
            Assert.That(exemplars["datasourceUid"]!.GetValue<string>(), Is.EqualTo("tempo"));
            Assert.That(sources["tempo"]["jsonData"]!["tracesToLogsV2"]!["datasourceUid"]!.GetValue<string>(), Is.EqualTo("loki"));
            var derived = sources["loki"]["jsonData"]!["derivedFields"]![0]!;
            Assert.That(derived["matcherRegex"]!.GetValue<string>(), Is.EqualTo("trace_id"));
            Assert.That(derived["datasourceUid"]!.GetValue<string>(), Is.EqualTo("tempo"));
        });
    }

    [Test]
    public void Should_offer_job_type_and_instance_variables_used_by_the_platform_panels()
    {
        var board = JsonNode.Parse(RepositoryFiles.Read("deploy/grafana/dashboards/platform-overview.json"))!;
        var variables = board["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).ToList();
        var expressions = board["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => t!["expr"]!.GetValue<string>()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(variables, Is.EqualTo(new[] { "job_type", "instance" }));
            // Every panel of the platform's own series follows the instance picker (RabbitMQ's queues are not per host).
            Assert.That(expressions.Where(e => e.Contains("platform_", StringComparison.Ordinal) || e.Contains("masstransit", StringComparison.Ordinal)),
                Is.All.Contains("instance=~\"$instance\""));
            Assert.That(expressions.Where(e => e.Contains("platform_worker_runs_total", StringComparison.Ordinal)), Is.All.Contains("job_type=~\"$job_type\""));
        });
    }
}
