namespace Platform.Worker.Ledger;

/// <summary>The recorded end of one attempt: enough to recognise a redelivery and to publish its events again if the
/// worker that recorded it died before publishing them.</summary>
public sealed record RunOutcome
{
    public required RunKey Key { get; init; }

    public required Guid JobId { get; init; }

    public required string JobType { get; init; }

    public required RunOutcomeKind Outcome { get; init; }

    public required string Worker { get; init; }

    public required DateTimeOffset ScheduledFor { get; init; }

    public DateTimeOffset? FiredAt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Why the attempt failed, or why it was cancelled (<see cref="RunOutcomeKind.Cancelled"/>).</summary>
    public string? Error { get; init; }

    public bool TimedOut { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Its events were published (set after publishing, before the message is acknowledged).</summary>
    public bool Published { get; init; }

    /// <summary>Whether this outcome ends the run (of its replay): no later attempt may run.</summary>
    public bool IsFinal => Outcome is RunOutcomeKind.Succeeded or RunOutcomeKind.DeadLettered or RunOutcomeKind.Cancelled;
}
