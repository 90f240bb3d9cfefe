using System.Text.Json;
using MassTransit;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Jobs;

/// <summary>Records every command received, accepted or not, in the same transaction as its effect.</summary>
public sealed class AuditTrail(SchedulerDbContext db, TimeProvider clock)
{
    public void Record(ConsumeContext context, string command, Guid? jobId, bool accepted, string outcome) =>
        db.Audit.Add(new AuditRecord
        {
            ReceivedAt = clock.GetUtcNow(),
            Command = command,
            JobId = jobId == Guid.Empty ? null : jobId,
            Sender = context.Sender(),
            MessageId = context.MessageId,
            Accepted = accepted,
            Outcome = outcome.StartsWith('[') || outcome.StartsWith('{') ? outcome : JsonSerializer.Serialize(outcome),
        });
}
