using Microsoft.Extensions.Logging;

namespace Platform.Triggers;

/// <summary>The job a trigger engine line is about, as a scope property named like the platform's span attribute and log
/// scopes (<c>platform.job.id</c>; the engine does not depend on the platform's messaging conventions).</summary>
internal static class TriggerLogScope
{
    public static IDisposable? BeginJobScope(this ILogger logger, Guid jobId) =>
        logger.BeginScope(new Dictionary<string, object> { ["platform.job.id"] = jobId });
}
