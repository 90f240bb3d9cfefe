using Microsoft.Extensions.Logging;

namespace Platform.Messaging;

/// <summary>
/// Log scopes naming the job or run a line is about, with the same names as the spans' attributes
/// (<see cref="PlatformAttributes"/>): exported over OTLP as attributes of every line written inside them.
/// </summary>
public static class PlatformLogScopes
{
    /// <summary>Lines about a job.</summary>
    public static IDisposable? BeginJobScope(this ILogger logger, Guid jobId) =>
        logger.BeginScope(new Dictionary<string, object> { [PlatformAttributes.JobId] = jobId });

    /// <summary>Lines about a run (and its attempt and job type, when known).</summary>
    public static IDisposable? BeginRunScope(this ILogger logger, Guid jobId, Guid runId, string? jobType = null, int? attempt = null)
    {
        var properties = new Dictionary<string, object> { [PlatformAttributes.JobId] = jobId, [PlatformAttributes.RunId] = runId };
        if (jobType is not null)
            properties[PlatformAttributes.JobType] = jobType;
        if (attempt is { } number)
            properties[PlatformAttributes.RunAttempt] = number;
        return logger.BeginScope(properties);
    }
}
