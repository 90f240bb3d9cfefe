namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. An occurrence of a job fired (trigger engine, or an external event): the JobStateMachine decides whether it runs.</summary>
public sealed record JobOccurrenceDue
{
    public Guid JobId { get; init; }

    public int Version { get; init; }

    public DateTimeOffset ScheduledFor { get; init; }

    public DateTimeOffset FiredAt { get; init; }

    public string Cause { get; init; } = "";

    /// <summary>Fired by the job's time trigger (counted towards its exhaustion), not by an event.</summary>
    public bool FromTrigger { get; init; }

    /// <summary>The trigger's last occurrence: with it, the trigger fired <see cref="Occurrences"/> in all (saves a
    /// separate TriggerExhausted in the common case).</summary>
    public bool Last { get; init; }

    public int Occurrences { get; init; }

    /// <summary>The payload of the external event that caused the occurrence, if one did.</summary>
    public System.Text.Json.JsonElement? EventPayload { get; init; }
}
