using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Triggers;

/// <summary>How the engine claims and fires triggers. Bound from <c>Platform:Triggers</c>.</summary>
public sealed class TriggerEngineOptions
{
    public const string Section = "Platform:Triggers";

    /// <summary>This instance's name in claims and the fire log; host name and process id when empty.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Occurrences due within this window are claimed and held in memory, so they fire from a timer instead of
    /// waiting for a database round trip.</summary>
    public TimeSpan Lookahead { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim holds. When an instance dies, the others take its occurrences over after this (and fire
    /// them late, under the job's misfire policy when later than <see cref="MisfireThreshold"/>).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the store is asked for newly due occurrences (changes also wake the engine at once through a
    /// PostgreSQL notification).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Occurrences claimed per query.</summary>
    [Range(1, 100_000)]
    public int ClaimBatchSize { get; set; } = 5_000;

    /// <summary>Occurrences fired per transaction at most.</summary>
    [Range(1, 100_000)]
    public int FireBatchSize { get; set; } = 2_000;

    /// <summary>Fire transactions in flight at once; while one commits, the next due occurrences fire beside it.</summary>
    [Range(1, 64)]
    public int ConcurrentBatches { get; set; } = 4;

    /// <summary>An occurrence later than this is a misfire and follows the job's misfire policy.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Misfire policy CatchUp runs at most this many missed occurrences of a job; the rest are recorded missed.</summary>
    [Range(1, 10_000)]
    public int CatchUpLimit { get; set; } = 100;

    /// <summary>Missed occurrences recorded one by one at most per misfire; beyond that they are skipped in bulk.</summary>
    [Range(1, 100_000)]
    public int MissedLimit { get; set; } = 1_000;

    /// <summary>The last stretch before an occurrence is waited by spinning rather than sleeping, for sub-millisecond
    /// precision. Zero (the default) sleeps all the way: occurrences fire within the timer's resolution (about a
    /// millisecond), and no core burns while thousands of occurrences a second are due a millisecond apart.</summary>
    public TimeSpan SpinWindow { get; set; } = TimeSpan.Zero;

    /// <summary>Fire log rows older than this are deleted.</summary>
    public TimeSpan FireLogRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often fire log rows past <see cref="FireLogRetention"/> are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FireLogCleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fire log rows deleted per statement.</summary>
    [Range(1, 1_000_000)]
    public int FireLogCleanupBatchSize { get; set; } = 10_000;
}

/// <summary>Validates <see cref="TriggerEngineOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class TriggerEngineOptionsValidator : IValidateOptions<TriggerEngineOptions>;
