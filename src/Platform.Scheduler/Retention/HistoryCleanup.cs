namespace Platform.Scheduler.Retention;

/// <summary>What one cleanup pass deleted.</summary>
/// <param name="Runs">Finished runs older than the history retention.</param>
/// <param name="AuditRecords">Audit records older than the audit retention.</param>
public sealed record HistoryCleanup(int Runs, int AuditRecords);
