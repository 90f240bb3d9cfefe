using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>
/// deploy/observability/alerts.yml, as Prometheus's own tool reads it: valid rules, each alert firing (with its labels and
/// text) and staying quiet in the unit tests of alerts.test.yml, and the Prometheus configuration of the compose stack
/// loading them and sending to Alertmanager.
/// </summary>
[TestFixture]
public sealed class When_the_alert_rules_are_checked
{
    static readonly string Folder = RepositoryFiles.PathOf("deploy/observability");

    static Task<ToolResult> PromtoolAsync(params string[] arguments) => ExternalTool.RunAsync("promtool", arguments, workingDirectory: Folder);

    [Test]
    public async Task Should_be_valid_rules()
    {
        var result = await PromtoolAsync("check", "rules", "alerts.yml");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Output + result.Error, Does.Contain("SUCCESS: 10 rules found"));
        });
    }

    [Test]
    public async Task Should_pass_their_unit_tests()
    {
        var result = await PromtoolAsync("test", "rules", "alerts.test.yml");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public async Task Should_fail_a_unit_test_that_expects_the_wrong_alert()
    {
        // The unit tests can fail: the same rules with an expectation no rule meets.
        var folder = Directory.CreateTempSubdirectory("platform-alerts-").FullName;
        File.Copy(Path.Combine(Folder, "alerts.yml"), Path.Combine(folder, "alerts.yml"));
        File.WriteAllText(Path.Combine(folder, "wrong.test.yml"), """
            rule_files: [alerts.yml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  - series: 'platform_worker_breaker_state{job_type="etl.load"}'
                    values: '0x5'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: PlatformBreakerOpen
                    exp_alerts:
                      - exp_labels: { severity: critical, job_type: etl.load }
            """);

        var result = await ExternalTool.RunAsync("promtool", ["test", "rules", "wrong.test.yml"], workingDirectory: folder);

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
    }

    [Test]
    public async Task Should_be_loaded_by_the_prometheus_configuration_with_an_alertmanager()
    {
        var result = await PromtoolAsync("check", "config", "prometheus.yml");
        var config = File.ReadAllText(Path.Combine(Folder, "prometheus.yml"));
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Output + result.Error, Does.Contain("alerts.yml").And.Contain("SUCCESS: 10 rules found"));
            Assert.That(config, Does.Contain("alertmanager:9093"));
        });
    }
}
