using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>Starts a run of a job: a new run id, a <see cref="RunRequested"/> for the run state machine with the current
/// definition, counted as in progress.</summary>
internal static class RunStarter
{
    public static Task StartRun(this ConsumeContext context, JobState job, DateTimeOffset scheduledFor, DateTimeOffset firedAt, string cause,
        System.Text.Json.JsonElement? eventPayload = null)
    {
        var runId = NewId.NextGuid();
        job.ActiveRuns++;
        job.LastRunId = runId;
        job.LastRunScheduledFor = scheduledFor;
        return context.Publish(new RunRequested
        {
            RunId = runId,
            JobId = job.CorrelationId,
            JobVersion = job.Version,
            ScheduledFor = scheduledFor,
            FiredAt = firedAt,
            Cause = cause,
            EventPayload = eventPayload,
            Definition = JobDefinition.FromJson(job.Definition),
            DefinitionJson = job.Definition,
        });
    }

    public static Task Miss(this ConsumeContext context, JobState job, DateTimeOffset scheduledFor, string reason) =>
        context.Publish(new JobMissed { JobId = job.CorrelationId, ScheduledFor = scheduledFor, Reason = reason });
}
