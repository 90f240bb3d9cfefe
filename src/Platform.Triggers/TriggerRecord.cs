using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>A job's time trigger and where it stands: the next occurrence to fire and who has claimed it.</summary>
public sealed class TriggerRecord
{
    public Guid JobId { get; set; }

    /// <summary>The job definition version this trigger belongs to; a fire checks it, so a replaced definition never fires.</summary>
    public int Version { get; set; }

    /// <summary>The job's <see cref="JobTrigger"/> as JSON.</summary>
    public string Trigger { get; set; } = "";

    /// <summary>Where an Interval without startAt counts from (when the definition was accepted).</summary>
    public DateTimeOffset Anchor { get; set; }

    public MisfirePolicy Misfire { get; set; }

    public int? MaxRuns { get; set; }

    /// <summary>Occurrences fired so far (runs started by this trigger; missed ones are not counted).</summary>
    public int FireCount { get; set; }

    /// <summary>The next occurrence, or null when the trigger has no more.</summary>
    public DateTimeOffset? NextFireAt { get; set; }

    public TriggerState State { get; set; }

    /// <summary>The engine instance holding the next occurrence in memory to fire it, until <see cref="ClaimExpiresAt"/>.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimExpiresAt { get; set; }

    /// <summary>The W3C trace context (traceparent) of the definition that scheduled this trigger: each fire links to it
    /// (a Once trigger's single fire continues it).</summary>
    public string? TraceParent { get; set; }

    /// <summary>The W3C tracestate that went with <see cref="TraceParent"/>.</summary>
    public string? TraceState { get; set; }
}

public enum TriggerState
{
    Scheduled,
    Paused,
}
