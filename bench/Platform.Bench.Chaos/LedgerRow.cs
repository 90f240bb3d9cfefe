namespace Platform.Bench.Chaos;

/// <summary>A row of the worker ledger, <c>worker.completed_runs</c>: one handler completion of one attempt.</summary>
public sealed record LedgerRow(Guid RunId, int Replay, int Attempt, Guid JobId, string Outcome, string Worker, DateTimeOffset ScheduledFor,
    DateTimeOffset StartedAt, DateTimeOffset CompletedAt);
