using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Platform.Scheduling.Validation;

namespace Platform.Client;

/// <summary>The publisher client's settings. Bound from <c>Platform:Client</c>.</summary>
public sealed class PlatformClientOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string Section = "Platform:Client";

    /// <summary>The largest payload accepted, in bytes of JSON: keep it equal to the scheduler's
    /// <c>Platform:Scheduler:MaxPayloadBytes</c> (both default to 256 KiB).</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = ScheduleJobValidator.DefaultMaxPayloadBytes;

    /// <summary>How long <see cref="IJobScheduler.ScheduleAndWaitAsync"/> waits for the scheduler's answer by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AcceptanceTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Validates <see cref="PlatformClientOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class PlatformClientOptionsValidator : IValidateOptions<PlatformClientOptions>;
