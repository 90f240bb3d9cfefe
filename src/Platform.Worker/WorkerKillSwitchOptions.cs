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

    /// <summary>How long consumption stays stopped before the endpoint restarts (and trips again at once if the failures
    /// go on: the runs it takes meanwhile are handed back, no attempt used). This is the worker's recovery time after the
    /// database or the broker comes back: with one minute, a 1-second PostgreSQL restart held every run back about 60 s
    /// (bench/Platform.Bench.Chaos --fault db-crash).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RestartTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
