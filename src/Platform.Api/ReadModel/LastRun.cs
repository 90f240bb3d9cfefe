namespace Platform.Api.ReadModel;

/// <summary>The last run of a job that ended.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Outcome">Its final state: Succeeded, DeadLettered, TimedOut, Cancelled or Skipped.</param>
/// <param name="ScheduledFor">The occurrence it ran for.</param>
/// <param name="FinishedAt">When it ended.</param>
public sealed record LastRun(Guid RunId, string? Outcome, DateTimeOffset? ScheduledFor, DateTimeOffset? FinishedAt);
