using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Scheduler.Jobs;

/// <summary>Applies a new or replaced definition: one more version, the trigger stored at that version in the same
/// transaction (so an occurrence of the old version can no longer fire), occurrences queued under the old version
/// dropped as missed, and <see cref="JobAccepted"/>.</summary>
public sealed class DefineJobActivity(SchedulerDbContext db, TriggerStore triggers, AuditTrail audit, TimeProvider clock)
    : StateMachineActivity<JobState, DefineJob>
{
    protected override async Task Apply(BehaviorContext<JobState, DefineJob> context)
    {
        var job = context.Saga;
        var definition = context.Message.Definition;
        var trigger = definition.Trigger!;
        var now = clock.GetUtcNow();
        var replaced = job.Version;

        foreach (var queued in JobQueue.Read(job))
            await context.Publish(new JobMissed { JobId = job.CorrelationId, ScheduledFor = queued, Reason = $"replaced by version {replaced + 1}" });

        job.Version = replaced + 1;
        job.JobType = definition.JobType;
        job.Definition = context.Message.DefinitionJson ?? JobDefinition.ToJson(definition);
        job.DefinitionHash = context.Message.DefinitionHash;
        job.TriggerKind = trigger.Kind!.Value.ToString();
        job.EventType = trigger.EventType;
        job.EventKey = trigger.EventKey;
        job.DependsOn = definition.DependsOn is { Count: > 0 } parents ? JsonSerializer.Serialize(parents) : null;
        job.Owner = definition.Owner;
        job.UpdatedAt = now;
        if (replaced == 0)
            job.CreatedAt = now;
        job.TriggerExhausted = false;
        job.EventRuns = 0;
        job.OccurrencesReceived = 0;
        job.OccurrencesExpected = null;
        job.QueuedOccurrences = "[]";

        if (trigger.Kind == TriggerKind.Event)
        {
            await TriggerStore.RemoveAsync(db, job.CorrelationId, context.CancellationToken);
            job.NextRunAt = null;
        }
        else
        {
            job.NextRunAt = await triggers.UpsertAsync(db, job.CorrelationId, job.Version, trigger, definition.Misfire, now,
                paused: job.CurrentState == JobStates.Paused, SchedulingTrace(), context.CancellationToken);
            job.TriggerExhausted = job.NextRunAt is null;
        }

        foreach (var parent in definition.DependsOn ?? [])
            await context.Publish(new DependentDefined { JobId = parent });

        audit.Record(context, nameof(ScheduleJob), job.CorrelationId, accepted: true, replaced == 0 ? "created" : $"replaced version {replaced}",
            context.Message.Sender, context.Message.MessageId);
        await context.Publish(new JobAccepted { JobId = job.CorrelationId, JobType = job.JobType, Version = job.Version, NextRunAt = job.NextRunAt });
    }

    /// <summary>The trace this definition is applied in (the ScheduleJob's, when it is traced), stored with the trigger so
    /// its fires continue it (Once) or link to it; the store keeps what fits its bounds.</summary>
    static (string? Parent, string? State) SchedulingTrace() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } span ? (span.Id, span.TraceStateString) : (null, null);
}
