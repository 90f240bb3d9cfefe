using System.Text.Json;

namespace Platform.Api.ReadModel;

/// <summary>One job (<c>GET /api/jobs/{jobId}</c>): its summary, its definition and where its trigger stands.</summary>
public sealed record JobDetail : JobSummary
{
    public JobDetail(JobSummary summary)
        : base(summary)
    {
    }

    /// <summary>The ScheduleJob in force (this version), as JSON.</summary>
    public JsonElement Definition { get; init; }

    /// <summary>Scheduled or Paused for a time trigger; null for an event trigger or one that has ended.</summary>
    public string? TriggerState { get; init; }

    /// <summary>Occurrences the trigger has fired so far.</summary>
    public int? FireCount { get; init; }

    /// <summary>The trigger has no more occurrences; the job completes when its runs have ended.</summary>
    public bool TriggerExhausted { get; init; }

    /// <summary>For an event trigger, the event type and key that run the job.</summary>
    public string? EventType { get; init; }

    public string? EventKey { get; init; }

    /// <summary>Jobs whose runs this one waits for.</summary>
    public IReadOnlyList<Guid> DependsOn { get; init; } = [];

    /// <summary>Occurrences waiting for the running run to end (overlap policy Queue).</summary>
    public IReadOnlyList<DateTimeOffset> QueuedOccurrences { get; init; } = [];
}
