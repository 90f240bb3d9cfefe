namespace Platform.Api.DeadLetters;

/// <summary>The answer of <c>POST /api/dead-letters/replay</c>.</summary>
/// <param name="Count">How many runs match (a preview) or were sent a ReplayJobRun.</param>
/// <param name="RunIds">Those runs.</param>
/// <param name="Sent">False for a preview (dryRun).</param>
/// <param name="Sender">Who the audit trail records as the sender.</param>
public sealed record DeadLetterReplayResult(int Count, IReadOnlyList<Guid> RunIds, bool Sent, string Sender);
