namespace Platform.Api.ReadModel;

/// <summary>The values the scheduler writes into the columns the API filters on (checked against the scheduler's own
/// definitions by a test).</summary>
public static class SchedulerVocabulary
{
    public static IReadOnlyList<string> JobStates { get; } = ["Active", "Paused", "Completed", "Cancelled"];

    public static IReadOnlyList<string> RunStates { get; } =
        ["WaitingForDependencies", "Queued", "Running", "RetryScheduled", "Succeeded", "DeadLettered", "TimedOut", "Cancelled", "Skipped"];

    /// <summary>Run states an operator may replay from (the run state machine ignores a replay in any other).</summary>
    public static IReadOnlyList<string> ReplayableRunStates { get; } = ["DeadLettered", "TimedOut"];

    public static IReadOnlyList<string> FireKinds { get; } = ["OnTime", "Misfired", "CaughtUp", "Missed", "Coalesced"];

    public static IReadOnlyList<string> AuditedCommands { get; } = ["ScheduleJob", "CancelJob", "PauseJob", "ResumeJob", "TriggerJobNow", "BackfillJob", "ReplayJobRun", "ExternalEvent"];
}
