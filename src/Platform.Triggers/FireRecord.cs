namespace Platform.Triggers;

/// <summary>One occurrence that was fired or missed. Unique per job and occurrence: a second fire of the same
/// occurrence cannot commit, whatever goes wrong elsewhere.</summary>
public sealed class FireRecord
{
    public Guid JobId { get; set; }

    public DateTimeOffset ScheduledFor { get; set; }

    public int Version { get; set; }

    public DateTimeOffset FiredAt { get; set; }

    public FireKind Kind { get; set; }

    /// <summary>The engine instance that fired it.</summary>
    public string Instance { get; set; } = "";
}

public enum FireKind
{
    /// <summary>Fired on time (within the misfire threshold).</summary>
    OnTime,

    /// <summary>Fired late, as the one catch-up run of misfire policy FireOnce.</summary>
    Misfired,

    /// <summary>Fired late, as one of the runs of misfire policy CatchUp.</summary>
    CaughtUp,

    /// <summary>Not run: misfire policy Skip, or beyond the CatchUp limit (a JobMissed is published for it).</summary>
    Missed,

    /// <summary>Not run on its own: covered by the one catch-up run of misfire policy FireOnce.</summary>
    Coalesced,
}
