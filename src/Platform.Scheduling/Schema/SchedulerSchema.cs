using Platform.Contracts;

namespace Platform.Scheduling.Schema;

/// <summary>
/// The scheduler's tables (schema <c>scheduler</c>), as the scheduler maps them and the API, the CLI and raw SQL name
/// them: one place, so a renamed table is one change and a compile error wherever the old name was used. The trigger
/// engine's tables in the same schema are named by <c>Platform.Triggers.TriggerTables</c>.
/// </summary>
public static class SchedulerTables
{
    public const string Schema = "scheduler";

    /// <summary>The job state machine's instances.</summary>
    public const string Jobs = "job_state";

    /// <summary>The run state machine's instances: the run history.</summary>
    public const string Runs = "run_state";

    /// <summary>Every command received, accepted or not.</summary>
    public const string Audit = "audit";

    /// <summary><see cref="Jobs"/> with its schema, for SQL.</summary>
    public const string QualifiedJobs = Schema + "." + Jobs;

    /// <summary><see cref="Runs"/> with its schema, for SQL.</summary>
    public const string QualifiedRuns = Schema + "." + Runs;

    /// <summary><see cref="Audit"/> with its schema, for SQL.</summary>
    public const string QualifiedAudit = Schema + "." + Audit;
}

/// <summary>The run state machine's states as the scheduler writes them into <c>run_state.current_state</c>; the state
/// machine checks on construction that its states are exactly these.</summary>
public static class RunStates
{
    public const string WaitingForDependencies = nameof(WaitingForDependencies);
    public const string Queued = nameof(Queued);
    public const string Running = nameof(Running);
    public const string RetryScheduled = nameof(RetryScheduled);
    public const string Succeeded = nameof(Succeeded);
    public const string DeadLettered = nameof(DeadLettered);
    public const string TimedOut = nameof(TimedOut);
    public const string Cancelled = nameof(Cancelled);
    public const string Skipped = nameof(Skipped);

    /// <summary>States of a run that has not ended.</summary>
    public static readonly string[] InProgress = [WaitingForDependencies, Queued, Running, RetryScheduled];

    /// <summary>States of a run that has ended.</summary>
    public static readonly string[] Final = [Succeeded, DeadLettered, TimedOut, Cancelled, Skipped];

    /// <summary>Every state, in the order a run usually passes them.</summary>
    public static readonly string[] All = [.. InProgress, .. Final];

    /// <summary>States an operator may replay a run from (the run state machine ignores a replay in any other).</summary>
    public static readonly string[] Replayable = [DeadLettered, TimedOut];
}

/// <summary>The job state machine's states as the scheduler writes them into <c>job_state.current_state</c>; the state
/// machine checks on construction that its states are exactly these.</summary>
public static class JobStates
{
    public const string Active = nameof(Active);
    public const string Paused = nameof(Paused);
    public const string Completed = nameof(Completed);
    public const string Cancelled = nameof(Cancelled);

    public static readonly string[] All = [Active, Paused, Completed, Cancelled];
}

/// <summary>The commands the scheduler records in <c>audit.command</c>: their contract names.</summary>
public static class AuditedCommands
{
    public static readonly string[] All =
    [
        nameof(ScheduleJob), nameof(CancelJob), nameof(PauseJob), nameof(ResumeJob), nameof(TriggerJobNow), nameof(BackfillJob),
        nameof(ReplayJobRun), nameof(ExternalEvent),
    ];
}
