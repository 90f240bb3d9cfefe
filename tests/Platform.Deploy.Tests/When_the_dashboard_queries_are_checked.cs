using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Platform.Deploy.Tests;

/// <summary>
/// <c>./platform check-dashboard</c>: a real Prometheus scrapes a scheduler, a worker and the API started from this build
/// (on ports of their own) and RabbitMQ during a short load; every query of the Grafana dashboard, every series selector of
/// the alert rules and Npgsql's meter must return data.
/// </summary>
[TestFixture]
public sealed partial class When_the_dashboard_queries_are_checked
{
    [Test]
    public async Task Should_find_data_for_every_query()
    {
        var result = await ExternalTool.RunAsync(RepositoryFiles.PathOf("platform"), ["check-dashboard"],
            new Dictionary<string, string> { ["PLATFORM_CHECK_NO_BUILD"] = "1" }, timeLimit: TimeSpan.FromMinutes(5));

        var summary = Summary().Match(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(summary.Success, Is.True, "the check's summary line\n" + result);
            Assert.That(summary.Groups["found"].Value, Is.EqualTo(summary.Groups["all"].Value), result.ToString());
            // 15 dashboard queries, its 2 variables, 9 alert selectors, 2 Npgsql queries, 2 exemplar checks: fewer means some were lost.
            Assert.That(int.Parse(summary.Groups["all"].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(30));
        });
    }

    [GeneratedRegex(@"(?<found>\d+) of (?<all>\d+) queries returned data")]
    private static partial Regex Summary();
}
