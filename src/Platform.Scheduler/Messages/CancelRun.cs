namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. Ends a run as cancelled (its job was cancelled); a running attempt is told to stop.</summary>
public sealed record CancelRun
{
    public Guid RunId { get; init; }

    public string? Reason { get; init; }
}
