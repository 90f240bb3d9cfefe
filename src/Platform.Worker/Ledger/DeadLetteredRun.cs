using Platform.Contracts;

namespace Platform.Worker.Ledger;

/// <summary>A run whose last attempt failed, kept for operators (<c>GET /worker/dead-letters</c>) until it is replayed
/// (the scheduler decides on a replay; its first attempt marks this one) and forgotten after the retention.</summary>
public sealed record DeadLetteredRun
{
    /// <summary>The last attempt as it was delivered.</summary>
    public required ExecuteJobRun Run { get; init; }

    public required string Error { get; init; }

    public required DateTimeOffset DeadLetteredAt { get; init; }

    /// <summary>When it was last replayed, if ever.</summary>
    public DateTimeOffset? ReplayedAt { get; init; }

    /// <summary>The replay number it was re-dispatched as (the next replay is this plus one).</summary>
    public int? ReplayedAs { get; init; }

    public string? ReplayReason { get; init; }
}
