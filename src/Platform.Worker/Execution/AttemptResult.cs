namespace Platform.Worker.Execution;

/// <summary>How the handler's part of an attempt ended. <paramref name="CancelledBecause"/> is set when the run was
/// cancelled while the handler ran: the attempt ends as cancelled whatever the handler did.</summary>
internal sealed record AttemptResult(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, Exception? Failure, bool TimedOut, string? CancelledBecause = null)
{
    public bool Succeeded => Failure is null && CancelledBecause is null;
}
