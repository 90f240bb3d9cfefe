namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.audit</c>: one command the scheduler received.</summary>
public sealed class AuditRow
{
    public long Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string Command { get; set; } = "";

    public Guid? JobId { get; set; }

    public string? Sender { get; set; }

    public Guid? MessageId { get; set; }

    public bool Accepted { get; set; }

    /// <summary>JSON: a string, or the field errors of a rejection.</summary>
    public string Outcome { get; set; } = "";
}
