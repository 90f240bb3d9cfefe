using System.ComponentModel.DataAnnotations;

namespace Platform.Worker;

/// <summary>MassTransit's kill switch on the worker's receive endpoints: when too many runs cannot be handled because the
/// broker or the database misbehaves (not because handlers fail), consumption stops for a while and the runs stay
/// queued. Bound from <c>Platform:Worker:KillSwitch</c>.</summary>
public sealed class WorkerKillSwitchOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Runs received before the switch may trip.</summary>
    [Range(1, 100_000)]
    public int ActivationThreshold { get; set; } = 10;

    /// <summary>Percent of received runs handed back for infrastructure failures that trips the switch.</summary>
    [Range(1, 100)]
    public int TripThreshold { get; set; } = 15;

    /// <summary>The period the counts cover.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan TrackingPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long consumption stays stopped before the endpoint restarts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RestartTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
