namespace Samples.Publisher;

/// <summary>The body of <c>POST /reports/schedules</c>: a region, a cron expression and an IANA time zone (UTC when absent).</summary>
public sealed record ReportSchedule(string Region, string Cron, string? TimeZone = null);
