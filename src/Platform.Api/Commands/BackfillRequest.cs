namespace Platform.Api.Commands;

/// <summary>The body of <c>POST /api/jobs/{jobId}/backfill</c>.</summary>
/// <param name="From">The start of the range, inclusive.</param>
/// <param name="To">The end of the range, exclusive; not in the future.</param>
/// <param name="Reason">Why, for the audit trail.</param>
/// <param name="DryRun">Only count and list the occurrences (the preview); nothing is sent.</param>
public sealed record BackfillRequest(DateTimeOffset From, DateTimeOffset To, string? Reason, bool DryRun);
