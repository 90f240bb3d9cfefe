using Platform.Contracts;

namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. Starts a RunStateMachine: the run of one occurrence, with the definition it runs.</summary>
public sealed record RunRequested
{
    public Guid RunId { get; init; }

    public Guid JobId { get; init; }

    public int JobVersion { get; init; }

    public DateTimeOffset ScheduledFor { get; init; }

    public DateTimeOffset FiredAt { get; init; }

    public string Cause { get; init; } = "";

    /// <summary>The payload of the external event that caused the run, if one did.</summary>
    public System.Text.Json.JsonElement? EventPayload { get; init; }

    public ScheduleJob Definition { get; init; } = new();

    /// <summary>The job's stored definition JSON, which the run keeps as its own (null from an older publisher: serialized again).</summary>
    public string? DefinitionJson { get; init; }
}
