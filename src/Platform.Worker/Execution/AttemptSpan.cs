using System.Diagnostics;
using System.Globalization;
using Platform.Contracts;
using Platform.Messaging;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>
/// The span of one attempt (<c>run attempt</c>), child of the delivery that carried it, so the handler's own spans nest
/// inside it and a retry's attempt (scheduled from inside it) follows in the same trace. Tagged with the run's ids and
/// its outcome; a retry and a dead letter are events on it, a failure sets its status to error.
/// </summary>
internal static class AttemptSpan
{
    public const string Name = "run attempt";

    public static Activity? Start(ExecuteJobRun run)
    {
        var span = PlatformTelemetry.Source.StartActivity(Name);
        if (span is not { IsAllDataRequested: true })
            return span;
        span.SetTag(PlatformAttributes.JobId, run.JobId.ToString());
        span.SetTag(PlatformAttributes.RunId, run.RunId.ToString());
        span.SetTag(PlatformAttributes.JobType, run.JobType);
        span.SetTag(PlatformAttributes.RunAttempt, run.Attempt);
        span.SetTag(PlatformAttributes.ScheduledFor, run.ScheduledFor.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return span;
    }

    /// <param name="span">The attempt's span, or null when nobody listens.</param>
    /// <param name="recorded">The outcome recorded in the ledger.</param>
    /// <param name="outcome">The outcome as the metrics name it (succeeded, failed, timed_out, dead_lettered, cancelled).</param>
    /// <param name="failure">What the handler threw, if anything.</param>
    public static void Record(Activity? span, RunOutcome recorded, string outcome, Exception? failure)
    {
        if (span is not { IsAllDataRequested: true })
            return;
        span.SetTag(PlatformAttributes.Outcome, outcome);
        if (failure is not null && recorded.Outcome != RunOutcomeKind.Cancelled)
        {
            span.AddException(failure);
            span.SetStatus(ActivityStatusCode.Error, recorded.Error);
        }

        switch (recorded.Outcome)
        {
            case RunOutcomeKind.Failed when recorded.NextAttemptAt is { } next:
                span.AddEvent(new ActivityEvent(PlatformAttributes.RetryScheduledEvent, tags: new ActivityTagsCollection
                {
                    [PlatformAttributes.NextAttemptAt] = next.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                }));
                break;
            case RunOutcomeKind.DeadLettered:
                span.AddEvent(new ActivityEvent(PlatformAttributes.DeadLetteredEvent));
                break;
        }
    }
}
