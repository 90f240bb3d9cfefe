namespace Platform.Scheduling.Schema;

/// <summary>
/// The columns of a row of <c>scheduler.run_state</c> (<see cref="SchedulerTables.Runs"/>): one run, one occurrence of a
/// job across its attempts. The scheduler's run state machine writes them (its instance adds the run id as its
/// correlation id and the tokens of its timers); the API reads them. Defined once, so writer and reader cannot drift.
/// </summary>
public abstract class RunColumns
{
    /// <summary>One of <see cref="RunStates.All"/>.</summary>
    public string CurrentState { get; set; } = "";

    public Guid JobId { get; set; }

    public int JobVersion { get; set; }

    public string JobType { get; set; } = "";

    public int Priority { get; set; }

    /// <summary>Why the run exists: on time, misfire, queued, an event, triggered now.</summary>
    public string Cause { get; set; } = "";

    /// <summary>The definition it runs (ScheduleJob JSON), fixed when the run was requested.</summary>
    public string Definition { get; set; } = "";

    /// <summary>The payload of the external event that started the run (JSON), if one did.</summary>
    public string? EventPayload { get; set; }

    /// <summary>The parent jobs it waits for (JSON array), when the job has dependencies.</summary>
    public string? DependsOn { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public int Attempt { get; set; }

    /// <summary>0 for the original run, one more for each replay of it after it was dead-lettered.</summary>
    public int Replay { get; set; }

    /// <summary>The worker's last progress report, 0-100, and its message.</summary>
    public int? Progress { get; set; }

    public string? ProgressMessage { get; set; }

    public string? Worker { get; set; }

    public string? Error { get; set; }

    public bool TimedOut { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>The job's SLA at the time of the run (copied so timers can be decided without reading the definition).</summary>
    public TimeSpan? MaxStartDelay { get; set; }

    public TimeSpan? MaxRunDuration { get; set; }

    public TimeSpan? CompleteBy { get; set; }

    /// <summary>Waiting, Met or ParentFailed: the last look at the parents of a run with dependencies.</summary>
    public string? DependencyCheck { get; set; }
}
