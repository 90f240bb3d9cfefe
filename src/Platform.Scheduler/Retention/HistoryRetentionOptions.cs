using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Scheduler.Retention;

/// <summary>How long the run history and the audit trail are kept, and how the cleanup works through them. Bound from
/// <c>Platform:Scheduler</c> beside <see cref="SchedulerOptions"/> (keys <c>HistoryRetention</c>, <c>AuditRetention</c>,
/// <c>RetentionInterval</c>, <c>RetentionBatchSize</c>).</summary>
public sealed class HistoryRetentionOptions
{
    public const string Section = SchedulerOptions.Section;

    /// <summary>A run in a final state (Succeeded, DeadLettered, TimedOut, Cancelled, Skipped) is deleted this long after
    /// it finished. Runs still in progress are never deleted, however old.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An audit record is deleted this long after the command was received; <see cref="HistoryRetention"/> when
    /// unset. Set it longer when the audit trail must outlive the run history.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan? AuditRetention { get; set; }

    /// <summary>How often the cleanup runs (first right after the scheduler starts).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog never holds one long transaction.</summary>
    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 1000;

    /// <summary>The audit trail's retention in force.</summary>
    public TimeSpan EffectiveAuditRetention => AuditRetention ?? HistoryRetention;
}

/// <summary>Validates <see cref="HistoryRetentionOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class HistoryRetentionOptionsValidator : IValidateOptions<HistoryRetentionOptions>;
