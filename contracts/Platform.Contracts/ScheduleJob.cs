using System.Text.Json;

namespace Platform.Contracts;

/// <summary>Command: create or replace a job. Idempotent by <see cref="JobId"/>: the same id with the same definition is a no-op, with a new definition it replaces the schedule.</summary>
public sealed record ScheduleJob
{
    /// <summary>The job's identity and idempotency key, chosen by the sender.</summary>
    public Guid JobId { get; init; }

    /// <summary>Routes each run to the worker handler registered for this type, such as <c>billing.invoice</c>.</summary>
    public string JobType { get; init; } = "";

    /// <summary>Any JSON; handed to the handler unchanged.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>When the job runs (required).</summary>
    public JobTrigger? Trigger { get; init; }

    /// <summary>0-9; 9 runs first. Default 5.</summary>
    public int Priority { get; init; } = 5;

    /// <summary>How failed runs are retried; the scheduler's default policy when absent.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>An attempt running longer than this is cancelled and fails as timed out.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Service-level promises checked for each run.</summary>
    public SlaPolicy? Sla { get; init; }

    /// <summary>What happens when an occurrence is due while a run is still running.</summary>
    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;

    /// <summary>What happens to occurrences missed while nothing could fire them.</summary>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.FireOnce;

    /// <summary>Jobs whose latest run must have succeeded after this occurrence's scheduled time before it runs.</summary>
    public IReadOnlyList<Guid>? DependsOn { get; init; }

    /// <summary>Free labels for operators, such as <c>team</c> or <c>env</c>.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The team or service answerable for the job.</summary>
    public string? Owner { get; init; }
}
