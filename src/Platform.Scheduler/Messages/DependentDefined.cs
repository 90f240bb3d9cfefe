namespace Platform.Scheduler.Messages;

/// <summary>Internal to the scheduler. A job was defined that depends on <see cref="JobId"/>: from now on a run of that
/// job that ends tells the runs waiting for it.</summary>
public sealed record DependentDefined
{
    /// <summary>The parent job.</summary>
    public Guid JobId { get; init; }
}
