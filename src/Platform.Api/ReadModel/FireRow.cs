namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.fires</c>: one occurrence the trigger engine fired or missed.</summary>
public sealed class FireRow
{
    public Guid JobId { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }

    public int Version { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    /// <summary>OnTime, Misfired, CaughtUp, Missed or Coalesced.</summary>
    public string Kind { get; set; } = "";

    public string Instance { get; set; } = "";
}
