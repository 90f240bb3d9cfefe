namespace Platform.Api.Commands;

/// <summary>The answer of <c>POST /api/jobs/{jobId}/backfill</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Count">How many occurrences the range holds: the runs the backfill starts.</param>
/// <param name="Occurrences">Those occurrences, oldest first.</param>
/// <param name="Sent">False for a preview (dryRun); true once BackfillJob is on the bus.</param>
/// <param name="Sender">Who the audit trail records as the sender.</param>
public sealed record BackfillResult(Guid JobId, int Count, IReadOnlyList<DateTimeOffset> Occurrences, bool Sent, string Sender);
