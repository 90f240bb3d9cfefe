namespace Platform.Worker.Ledger;

/// <summary>A run that was cancelled (<c>CancelJobRun</c>): no attempt of it may start from now on, on any worker of the
/// service, including a retry already scheduled on the message scheduler and a copy still queued.</summary>
public sealed record RunCancellation
{
    public required Guid RunId { get; init; }

    public required Guid JobId { get; init; }

    public required string Reason { get; init; }

    /// <summary>When the first worker process recorded it.</summary>
    public required DateTimeOffset CancelledAt { get; init; }
}
