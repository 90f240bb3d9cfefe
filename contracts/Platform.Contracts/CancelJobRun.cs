namespace Platform.Contracts;

/// <summary>Command to workers (broadcast): stop the run if you are executing it; the handler's token is cancelled and the
/// run ends as <see cref="JobRunCancelled"/>. A worker that receives the run later does not start it.</summary>
public sealed record CancelJobRun
{
    /// <summary>The job.</summary>
    public Guid JobId { get; init; }

    /// <summary>The run to stop.</summary>
    public Guid RunId { get; init; }

    /// <summary>Why, for the run's history.</summary>
    public string? Reason { get; init; }
}
