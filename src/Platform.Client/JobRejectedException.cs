using Platform.Contracts;

namespace Platform.Client;

/// <summary>A command the platform does not accept, with every field error: found by the client's own validation before
/// anything was sent (<see cref="ByScheduler"/> false), or answered by the scheduler as <see cref="JobRejected"/>.</summary>
public sealed class JobRejectedException : Exception
{
    /// <summary>A rejection of the command for <paramref name="jobId"/>.</summary>
    public JobRejectedException(Guid jobId, IReadOnlyList<FieldError> errors, bool byScheduler)
        : base(Describe(jobId, errors, byScheduler))
    {
        JobId = jobId;
        Errors = errors;
        ByScheduler = byScheduler;
    }

    /// <summary>The job the command named (empty when it named none).</summary>
    public Guid JobId { get; }

    /// <summary>Every field error: <see cref="FieldError.Field"/> is the camelCase path, such as <c>trigger.cron</c>.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>True when the scheduler rejected the command (its <see cref="JobRejected"/>), false when the client's
    /// validation did and nothing was sent.</summary>
    public bool ByScheduler { get; }

    static string Describe(Guid jobId, IReadOnlyList<FieldError> errors, bool byScheduler) =>
        $"{(byScheduler ? "The scheduler rejected" : "Not sent: invalid")} command for job {jobId}: "
        + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"));
}
