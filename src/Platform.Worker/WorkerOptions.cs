using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Platform.Worker;

/// <summary>A worker service's settings. Bound from <c>Platform:Worker</c>.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Platform:Worker";

    /// <summary>The worker's queue (in <see cref="WorkerQueueMode.QuorumBands"/> the prefix of its band queues). Processes
    /// of one worker service share it (competing consumers); each service that handles other job types has its own.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string Queue { get; set; } = "platform-worker";

    /// <summary>How this process names itself in run events, after the queue: <c>{Queue}@{InstanceName}</c>. Default: host
    /// name and process id.</summary>
    public string? InstanceName { get; set; }

    /// <summary>How runs are queued: one classic priority queue, or one replicated (quorum) queue per priority band.</summary>
    public WorkerQueueMode QueueMode { get; set; } = WorkerQueueMode.Classic;

    /// <summary>Runs this process executes at once, all job types together.</summary>
    [Range(1, 1000)]
    public int ConcurrentRuns { get; set; } = 8;

    /// <summary>Runs of one job type this process executes at once (job type to limit); types not listed share
    /// <see cref="ConcurrentRuns"/> only.</summary>
    public Dictionary<string, int> JobTypeConcurrency { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Runs fetched from the broker ahead of execution, per queue. Unset: <see cref="ConcurrentRuns"/> for the
    /// classic queue, <see cref="ConcurrentRuns"/> + 1 for each band queue (so that the next run of a higher band is
    /// already waiting when a slot frees). Keep it low: a run this process holds cannot be overtaken by a higher-priority
    /// run queued later.</summary>
    [Range(1, 1000)]
    public int? PrefetchCount { get; set; }

    /// <summary>PostgreSQL holding the worker's memory of completed attempts, run leases and dead-lettered runs (schema
    /// <c>worker</c>, created on start). Without it the worker remembers in process memory only (see docs/workers.md).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How often a running attempt publishes <c>JobRunHeartbeat</c> and renews its lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An attempt still running after this long reports its start (<c>JobRunStarted</c>); a quicker one reports its
    /// start and its end together (<c>JobRunSucceeded</c>/<c>JobRunFailed</c> carry <c>startedAt</c>), which saves the
    /// scheduler one report per run. Runs with an SLA on their start or duration report at once (<c>ExecuteJobRun.ReportStart</c>);
    /// zero reports every start at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StartedReportDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The shortest gap between two heartbeats caused by the handler's own heartbeat and progress calls.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HeartbeatThrottle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A run whose worker has not renewed its lease for this long is presumed dead: another worker may take it
    /// over. Must be longer than <see cref="HeartbeatInterval"/> (three times or more is sensible).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a stopping worker lets its in-flight runs finish before it cancels them and hands them back.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After <see cref="DrainTimeout"/>, how long cancelled runs get to end (<see cref="CancellationGracePeriod"/>)
    /// and hand themselves back before the bus stops.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HandBackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a handler whose token was cancelled (its timeout, its run's cancellation, the end of a stopping
    /// worker's drain time) gets to end before the worker abandons it (leaves it running unobserved) and reports the
    /// attempt. Shorter than <see cref="HandBackTimeout"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CancellationGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long completed attempts are remembered (redeliveries within it are recognised), and replayed dead
    /// letters kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often records older than <see cref="Retention"/> are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The retry policy of runs whose job has none.</summary>
    [ValidateObjectMembers]
    public DefaultRetryOptions DefaultRetry { get; set; } = new();

    /// <summary>The per-job-type circuit breaker.</summary>
    [ValidateObjectMembers]
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>The whole-worker kill switch for a misbehaving broker or database.</summary>
    [ValidateObjectMembers]
    public WorkerKillSwitchOptions KillSwitch { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseTimeout <= HeartbeatInterval)
            yield return new ValidationResult($"{nameof(LeaseTimeout)} must be longer than {nameof(HeartbeatInterval)}", [nameof(LeaseTimeout)]);
        if (CancellationGracePeriod >= HandBackTimeout)
            yield return new ValidationResult($"{nameof(CancellationGracePeriod)} must be shorter than {nameof(HandBackTimeout)}", [nameof(CancellationGracePeriod)]);
        foreach (var (jobType, limit) in JobTypeConcurrency)
        {
            if (limit < 1)
                yield return new ValidationResult($"{nameof(JobTypeConcurrency)}:{jobType} must be 1 or more", [nameof(JobTypeConcurrency)]);
        }
    }
}

/// <summary>Validates <see cref="WorkerOptions"/> at start-up with code generated at build time: its data annotations, nested
/// options and its own cross-field rules, without reflection.</summary>
[OptionsValidator]
internal sealed partial class WorkerOptionsValidator : IValidateOptions<WorkerOptions>;
