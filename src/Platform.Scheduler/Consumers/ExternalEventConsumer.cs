using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Messages;
using Platform.Scheduler.Persistence;
using Platform.Scheduling.Schema;
using Platform.Scheduling.Validation;

namespace Platform.Scheduler.Consumers;

/// <summary>An external event runs every active job whose Event trigger has its type (and, when the trigger names one,
/// its key); each such job gets an occurrence at the event's time.</summary>
public sealed class ExternalEventConsumer(SchedulerDbContext db, AuditTrail audit, TimeProvider clock) : IConsumer<ExternalEvent>
{
    public async Task Consume(ConsumeContext<ExternalEvent> context)
    {
        var message = context.Message;
        if (string.IsNullOrWhiteSpace(message.EventType))
        {
            var error = new FieldError { Field = "eventType", Message = "is required: the type Event triggers match" };
            await audit.RejectAsync(context, nameof(ExternalEvent), Guid.Empty, [error]);
            return;
        }

        if (ScheduleJobValidator.HasNul(message.EventType) || ScheduleJobValidator.HasNul(message.Key))
        {
            var error = new FieldError { Field = ScheduleJobValidator.HasNul(message.EventType) ? "eventType" : "key", Message = ScheduleJobValidator.NulMessage };
            await audit.RejectAsync(context, nameof(ExternalEvent), Guid.Empty, [error]);
            return;
        }

        // Jobs an earlier message of this transaction defined are saved first, so the query finds them.
        await db.SaveChangesAsync(context.CancellationToken);
        var jobs = await db.Set<JobState>()
            .Where(j => j.TriggerKind == nameof(TriggerKind.Event) && j.CurrentState == JobStates.Active && j.EventType == message.EventType
                && (j.EventKey == null || j.EventKey == message.Key))
            .Select(j => new { j.CorrelationId, j.Version })
            .ToListAsync(context.CancellationToken);

        var now = clock.GetUtcNow();
        var occurredAt = message.OccurredAt == default ? now : message.OccurredAt;
        foreach (var job in jobs)
        {
            await context.Publish(new JobOccurrenceDue
            {
                JobId = job.CorrelationId,
                Version = job.Version,
                ScheduledFor = occurredAt,
                FiredAt = now,
                Cause = $"event {message.EventType}" + (message.Key is null ? "" : $" ({message.Key})"),
                EventPayload = message.Payload,
            });
        }

        audit.Record(context, nameof(ExternalEvent), null, accepted: true, $"{message.EventType}/{message.Key}: {jobs.Count} job(s)");
    }
}
