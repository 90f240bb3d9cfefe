namespace Platform.Scheduler.Persistence;

/// <summary>One command the scheduler received: who sent it, what, when, and whether it was accepted.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string Command { get; set; } = "";

    public Guid? JobId { get; set; }

    /// <summary>The sending service (the envelope's source address or host), or the API user.</summary>
    public string? Sender { get; set; }

    public Guid? MessageId { get; set; }

    public bool Accepted { get; set; }

    /// <summary>What happened: created, replaced, duplicate, or the field errors as JSON.</summary>
    public string Outcome { get; set; } = "";
}
