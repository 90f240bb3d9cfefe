using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Quartz;

/// <summary>The Quartz scheduler behind MassTransit's message scheduler. Bound from <c>Platform:Quartz</c>.</summary>
public sealed class QuartzBridgeOptions
{
    public const string Section = "Platform:Quartz";

    /// <summary>PostgreSQL holding Quartz's tables (created on start when missing).</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL schema of Quartz's tables.</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]*$")]
    public string Schema { get; set; } = "quartz";

    /// <summary>Every scheduler instance with this name on one database forms one cluster.</summary>
    [Required]
    public string SchedulerName { get; set; } = "platform";

    /// <summary>How often an instance tells the cluster it is alive. A dead instance's triggers are taken over after
    /// about <see cref="CheckinInterval"/> + <see cref="CheckinMisfireThreshold"/>.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long past a missed check-in the others wait before recovering an instance's triggers.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How late a trigger may fire before Quartz applies its misfire instruction (which for a scheduled message
    /// is: fire now).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Triggers acquired per round (at most <see cref="ThreadCount"/>); more means fewer database round trips under load.</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 16;

    /// <summary>How far apart the fire times of triggers acquired in one batch may be. Quartz fires a whole batch when its
    /// first trigger is due, so every later trigger in it fires early by up to this window: zero (the default) batches only
    /// triggers due at the same instant, and an SLA timer or scheduled message never goes off before its time.</summary>
    public TimeSpan BatchFireAheadWindow { get; set; } = TimeSpan.Zero;

    /// <summary>Threads that run fired triggers (each one sends one message).</summary>
    [Range(1, 256)]
    public int ThreadCount { get; set; } = 16;

    /// <summary>How long the scheduler sleeps when nothing is due before asking the store again.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Validates <see cref="QuartzBridgeOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class QuartzBridgeOptionsValidator : IValidateOptions<QuartzBridgeOptions>;
