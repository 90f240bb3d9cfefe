namespace Platform.Contracts;

/// <summary>Command: schedule many jobs with one message (bulk intake). Each job is validated, accepted or rejected on its
/// own, with its own <see cref="JobAccepted"/> or <see cref="JobRejected"/>, exactly as if it had come in a
/// <see cref="ScheduleJob"/> of its own; at most 1,000 jobs per message.</summary>
public sealed record ScheduleJobs
{
    /// <summary>The jobs, each a complete <see cref="ScheduleJob"/>.</summary>
    public IReadOnlyList<ScheduleJob> Jobs { get; init; } = [];
}
