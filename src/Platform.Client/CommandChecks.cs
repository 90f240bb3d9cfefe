using Platform.Contracts;

namespace Platform.Client;

/// <summary>The field checks of the commands other than ScheduleJob (which has the scheduler's own validator).</summary>
internal static class CommandChecks
{
    public static IReadOnlyList<FieldError> JobCommand(Guid jobId) =>
        jobId == Guid.Empty ? [Error("jobId", "is required: the id of the job the command is for")] : [];

    public static IReadOnlyList<FieldError> Replay(ReplayJobRun replay)
    {
        var errors = new List<FieldError>();
        if (replay.RunId == Guid.Empty)
            errors.Add(Error("runId", "is required: the dead-lettered run"));
        if (replay.JobId == Guid.Empty)
            errors.Add(Error("jobId", "is required: the run's job"));
        if (string.IsNullOrWhiteSpace(replay.JobType))
            errors.Add(Error("jobType", "is required: only workers with a handler for the run's job type act on a replay"));
        if (replay.Priority is < 0 or > 9)
            errors.Add(Error("priority", "must be 0-9 (9 runs first)"));
        if (replay.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            errors.Add(Error("timeout", "must be positive"));
        return errors;
    }

    public static IReadOnlyList<FieldError> Event(string eventType) =>
        string.IsNullOrWhiteSpace(eventType) ? [Error("eventType", "is required: the type Event triggers match")] : [];

    static FieldError Error(string field, string message) => new() { Field = field, Message = message };
}
