namespace Samples.Publisher;

/// <summary>The body of <c>POST /reports</c>: a region, and optionally when (now when absent) and a priority (0-9).</summary>
public sealed record ReportOrder(string Region, DateTimeOffset? At = null, int? Priority = null);
