using System.Text.Json;
using MassTransit;
using Platform.Contracts;
using Platform.Scheduler.Persistence;

namespace Platform.Scheduler.Jobs;

/// <summary>Records every command received, accepted or not, in the same transaction as its effect.</summary>
public sealed class AuditTrail(SchedulerDbContext db, TimeProvider clock)
{
    /// <summary>Records a command with <paramref name="outcome"/> as free text (stored as a JSON string whatever it looks
    /// like, so a reason such as "[ops] freeze" stays text); <paramref name="sender"/> and <paramref name="messageId"/> when
    /// it reached here through an internal message that carries the original sender and message id, else those of
    /// <paramref name="context"/>'s message. PostgreSQL cannot store U+0000: a NUL in the text becomes U+FFFD.</summary>
    public void Record(ConsumeContext context, string command, Guid? jobId, bool accepted, string outcome, string? sender = null,
        Guid? messageId = null) =>
        Add(context, command, jobId, accepted, JsonSerializer.Serialize(outcome.Replace('\0', '\uFFFD')), sender, messageId);

    void Add(ConsumeContext context, string command, Guid? jobId, bool accepted, string outcomeJson, string? sender = null,
        Guid? messageId = null) =>
        db.Audit.Add(new AuditRecord
        {
            ReceivedAt = clock.GetUtcNow(),
            Command = command,
            JobId = jobId == Guid.Empty ? null : jobId,
            Sender = sender ?? context.Sender(),
            MessageId = messageId ?? context.MessageId,
            Accepted = accepted,
            Outcome = outcomeJson,
        });

    /// <summary>Rejects a command: records it as not accepted with its <paramref name="errors"/> and publishes
    /// <see cref="JobRejected"/> (in the same transaction, through the outbox). <paramref name="sender"/> and
    /// <paramref name="messageId"/> as in <see cref="Record"/>.</summary>
    public Task RejectAsync(ConsumeContext context, string command, Guid jobId, IReadOnlyList<FieldError> errors, string? sender = null,
        Guid? messageId = null)
    {
        Add(context, command, jobId, accepted: false, JsonSerializerText.Errors(errors), sender, messageId);
        return context.Publish(new JobRejected { JobId = jobId, Errors = errors });
    }
}
