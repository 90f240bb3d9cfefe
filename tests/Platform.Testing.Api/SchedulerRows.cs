using Platform.Contracts;
using Platform.Scheduler;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Persistence;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;

namespace Platform.Testing.Api;

/// <summary>Rows of the scheduler's tables as the scheduler writes them, to seed a fixture's database for the tests that
/// read them through the API or the CLI. Each builder fills what the scheduler always fills; a test sets the rest.</summary>
public static class SchedulerRows
{
    /// <summary>A job at version 1 whose definition names its type and owner.</summary>
    public static JobState Job(Guid id, string state, string jobType, string? owner, DateTimeOffset createdAt, string triggerKind = "Cron") => new()
    {
        CorrelationId = id,
        CurrentState = state,
        Version = 1,
        JobType = jobType,
        Definition = JobDefinition.ToJson(new ScheduleJob { JobId = id, JobType = jobType, Owner = owner }),
        DefinitionHash = "seeded",
        TriggerKind = triggerKind,
        Owner = owner,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
    };

    /// <summary>A run of the job's version 1, fired and queued at its due time; started a second later, as attempt 1,
    /// unless it is still queued.</summary>
    public static RunState Run(Guid runId, Guid jobId, string jobType, string state, DateTimeOffset scheduledFor) => new()
    {
        CorrelationId = runId,
        CurrentState = state,
        JobId = jobId,
        JobVersion = 1,
        JobType = jobType,
        Priority = 5,
        Cause = "on time",
        Definition = "{}",
        ScheduledFor = scheduledFor,
        FiredAt = scheduledFor,
        QueuedAt = scheduledFor,
        StartedAt = state == RunStates.Queued ? null : scheduledFor.AddSeconds(1),
        Attempt = state == RunStates.Queued ? 0 : 1,
    };

    /// <summary>An audit record of <paramref name="command"/>; <paramref name="outcome"/> is JSON.</summary>
    public static AuditRecord Audit(DateTimeOffset at, string command, Guid jobId, string sender, bool accepted, string outcome) => new()
    {
        ReceivedAt = at,
        Command = command,
        JobId = jobId,
        Sender = sender,
        MessageId = Guid.NewGuid(),
        Accepted = accepted,
        Outcome = outcome,
    };
}
