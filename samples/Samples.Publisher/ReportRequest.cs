namespace Samples.Publisher;

/// <summary>The job's payload. The handling service has a type of its own for it: only the JSON (<c>{ "region": "eu" }</c>)
/// is shared.</summary>
public sealed record ReportRequest(string Region);
