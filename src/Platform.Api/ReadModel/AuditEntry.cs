using System.Text.Json;

namespace Platform.Api.ReadModel;

/// <summary>One command the scheduler received (<c>GET /api/audit</c>).</summary>
/// <param name="Id">The record's sequence number.</param>
/// <param name="ReceivedAt">When the scheduler handled it.</param>
/// <param name="Command">ScheduleJob, CancelJob, PauseJob, ResumeJob, TriggerJobNow or ExternalEvent.</param>
/// <param name="JobId">The job it was for (none for an external event).</param>
/// <param name="Sender">Who sent it: <c>api:user</c> through the API, <c>user:</c>/<c>app:</c> from the AMQP properties of
/// a raw publisher, else the sending host and process.</param>
/// <param name="MessageId">The message id.</param>
/// <param name="Accepted">Whether it was accepted.</param>
/// <param name="Outcome">What happened (a string), or the field errors of a rejection (an array of field and message).</param>
public sealed record AuditEntry(long Id, DateTimeOffset ReceivedAt, string Command, Guid? JobId, string? Sender, Guid? MessageId, bool Accepted,
    JsonElement Outcome);
