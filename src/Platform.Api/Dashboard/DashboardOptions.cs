using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Api.Dashboard;

/// <summary>The operators' dashboard (<c>/dashboard/</c>). Bound from <c>Platform:Api:Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Platform:Api:Dashboard";

    /// <summary>The link from a run to its trace, with <c>{runId}</c>, <c>{jobId}</c>, <c>{from}</c> and <c>{to}</c>
    /// (epoch milliseconds around the run) replaced; no link when empty. For Grafana's Explore on Tempo, a TraceQL search
    /// of the run id, for instance.</summary>
    public string? TraceUrl { get; set; }

    /// <summary>How often the pages refresh their data.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a worker that stopped or fell silent stays on the workers page.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "7.00:00:00")]
    public TimeSpan ForgetWorkersAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Validates <see cref="DashboardOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class DashboardOptionsValidator : IValidateOptions<DashboardOptions>;
