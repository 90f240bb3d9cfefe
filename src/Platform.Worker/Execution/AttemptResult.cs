namespace Platform.Worker.Execution;

/// <summary>How the handler's part of an attempt ended.</summary>
internal sealed record AttemptResult(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, Exception? Failure, bool TimedOut)
{
    public bool Succeeded => Failure is null;
}
