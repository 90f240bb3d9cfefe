namespace Samples.Reports;

/// <summary>The payload of a <c>reports.build</c> job, as the publisher sends it (camelCase JSON: <c>{ "region": "eu" }</c>).</summary>
public sealed record ReportRequest(string Region);
