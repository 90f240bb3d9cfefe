using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Platform.Scheduling.Validation;

namespace Platform.Scheduler;

/// <summary>The scheduler service's settings. Bound from <c>Platform:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Platform:Scheduler";

    /// <summary>PostgreSQL holding jobs, runs and the audit trail (migrated on start).</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>The queue that receives job commands (ScheduleJob, CancelJob, ...) and fired occurrences.</summary>
    [Required]
    public string Queue { get; set; } = "platform-scheduler";

    /// <summary>The queue that receives runs no worker has bound a handler for.</summary>
    [Required]
    public string UnroutedRunsQueue { get; set; } = "platform-unrouted-runs";

    /// <summary>The largest payload accepted, in bytes of JSON.</summary>
    [Range(1, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = ScheduleJobValidator.DefaultMaxPayloadBytes;

    /// <summary>Apply EF Core migrations when the service starts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>Validates <see cref="SchedulerOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>;
