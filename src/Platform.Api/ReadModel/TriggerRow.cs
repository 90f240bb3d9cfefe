namespace Platform.Api.ReadModel;

/// <summary>A row of <c>scheduler.triggers</c>: where a job's time trigger stands (the trigger engine owns the table).</summary>
public sealed class TriggerRow
{
    public Guid JobId { get; set; }

    public int Version { get; set; }

    /// <summary>Scheduled or Paused.</summary>
    public string State { get; set; } = "";

    /// <summary>The next occurrence the engine will fire, or null when the trigger has no more.</summary>
    public DateTimeOffset? NextFireAt { get; set; }

    public int FireCount { get; set; }
}
