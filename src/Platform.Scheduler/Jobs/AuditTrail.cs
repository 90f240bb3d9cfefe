using System.Text.Json;
using MassTransit;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Jobs;

/// <summary>Records every command received, accepted or not, in the same transaction as its effect.</summary>
public sealed class AuditTrail(SchedulerDbContext db, TimeProvider clock)
{
    /// <summary>Records a command; <paramref name="sender"/> when it reached here through an internal message that carries
    /// the original sender, else the sender of <paramref name="context"/>'s message.</summary>
    public void Record(ConsumeContext context, string command, Guid? jobId, bool accepted, string outcome, string? sender = null) =>
        db.Audit.Add(new AuditRecord
        {
            ReceivedAt = clock.GetUtcNow(),
            Command = command,
            JobId = jobId == Guid.Empty ? null : jobId,
            Sender = sender ?? context.Sender(),
            MessageId = context.MessageId,
            Accepted = accepted,
            Outcome = outcome.StartsWith('[') || outcome.StartsWith('{') ? outcome : JsonSerializer.Serialize(outcome),
        });
}
