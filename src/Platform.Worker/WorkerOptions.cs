using System.ComponentModel.DataAnnotations;

namespace Platform.Worker;

/// <summary>A worker service's settings. Bound from <c>Platform:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Platform:Worker";

    /// <summary>The worker's queue. Processes of one worker service share it (competing consumers); each service that
    /// handles other job types has its own.</summary>
    [Required]
    public string Queue { get; set; } = "platform-worker";

    /// <summary>Runs this process executes at once.</summary>
    [Range(1, 1000)]
    public int ConcurrentRuns { get; set; } = 8;

    /// <summary>Runs fetched from the broker ahead of execution; <see cref="ConcurrentRuns"/> when unset. Kept low so
    /// that a higher-priority run queued later is not stuck behind runs this process already holds.</summary>
    [Range(1, 1000)]
    public int? PrefetchCount { get; set; }
}
