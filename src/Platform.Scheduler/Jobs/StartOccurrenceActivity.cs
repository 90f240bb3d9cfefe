using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>
/// A due occurrence of an active job: ignored as missed when it belongs to a replaced version; otherwise the overlap
/// policy decides while a run is in progress (Skip: missed; Queue: runs after; Allow: runs now).
/// </summary>
public sealed class StartOccurrenceActivity(ILogger<StartOccurrenceActivity> logger) : StateMachineActivity<JobState, JobOccurrenceDue>
{
    protected override async Task Apply(BehaviorContext<JobState, JobOccurrenceDue> context)
    {
        var job = context.Saga;
        var due = context.Message;
        if (due.Version != job.Version)
        {
            await context.Miss(job, due.ScheduledFor, $"fired for version {due.Version}, replaced by version {job.Version}");
            return;
        }

        if (due.FromTrigger)
            job.OccurrencesReceived++;
        if (due.Last)
        {
            job.TriggerExhausted = true;
            job.OccurrencesExpected = due.Occurrences;
        }

        var definition = JobDefinition.FromJson(job.Definition);
        // maxRuns counts the occurrences the trigger fired, whatever the overlap policy does with them, as the trigger
        // engine counts them for time triggers; for an Event trigger, every matching event is one.
        if (definition.Trigger?.Kind == TriggerKind.Event && definition.Trigger.MaxRuns is { } maxRuns)
        {
            if (job.EventRuns >= maxRuns)
            {
                await context.Miss(job, due.ScheduledFor, $"maxRuns ({maxRuns}) reached");
                return;
            }

            job.EventRuns++;
            job.TriggerExhausted = job.EventRuns >= maxRuns;
        }

        if (job.ActiveRuns > 0)
        {
            switch (definition.Overlap)
            {
                case OverlapPolicy.Skip:
                    await context.Miss(job, due.ScheduledFor, "the previous run is still in progress (overlap Skip)");
                    return;
                case OverlapPolicy.Queue:
                    var queue = JobQueue.Read(job);
                    queue.Add(due.ScheduledFor);
                    JobQueue.Write(job, queue);
                    logger.LogInformation("Job {JobId}: occurrence {ScheduledFor:O} queued behind the run in progress", job.CorrelationId, due.ScheduledFor);
                    return;
            }
        }

        await context.StartRun(job, due.ScheduledFor, due.FiredAt, due.Cause, due.EventPayload);
    }
}
