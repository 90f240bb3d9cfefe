using Platform.Contracts;

namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A valid ScheduleJob, after validation: creates or replaces the job (JobStateMachine).</summary>
public sealed record DefineJob
{
    public Guid JobId { get; init; }

    public ScheduleJob Definition { get; init; } = new();

    public string DefinitionHash { get; init; } = "";

    /// <summary>The definition's canonical JSON, computed once with its hash (null from an older publisher: computed again).</summary>
    public string? DefinitionJson { get; init; }

    public string? Sender { get; init; }

    /// <summary>The message id of the publisher's ScheduleJob, for the audit trail (this internal message has its own).</summary>
    public Guid? MessageId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
