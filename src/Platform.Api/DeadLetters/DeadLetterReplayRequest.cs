using System.Text.Json;

namespace Platform.Api.DeadLetters;

/// <summary>The body of <c>POST /api/dead-letters/replay</c>: which runs (by id, or every one matching a filter), and how.</summary>
public sealed record DeadLetterReplayRequest
{
    /// <summary>These runs; when absent, every dead-lettered or timed-out run matching the filter below.</summary>
    public IReadOnlyList<Guid>? RunIds { get; init; }

    /// <summary>Filter: runs of exactly this job type.</summary>
    public string? JobType { get; init; }

    /// <summary>Filter: runs whose last error, with ids and numbers masked as <c>&lt;id&gt;</c> and <c>&lt;n&gt;</c>, is this text
    /// (the error of a group of <c>GET /api/dead-letters</c>).</summary>
    public string? Error { get; init; }

    /// <summary>Filter: runs that ended at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Filter: runs that ended before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only count and list the runs that would be replayed (the preview); nothing is sent.</summary>
    public bool DryRun { get; init; }

    /// <summary>The count the preview showed: when the runs now matching are not as many, nothing is sent (409).</summary>
    public int? ExpectedCount { get; init; }

    /// <summary>Why, for the audit trail.</summary>
    public string? Reason { get; init; }

    /// <summary>Replaces the payload of every replayed run when set.</summary>
    public JsonElement? Payload { get; init; }
}
