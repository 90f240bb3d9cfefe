namespace Platform.Worker.Ledger;

/// <summary>What the ledger says when a worker asks to run an attempt.</summary>
public abstract record RunClaim
{
    /// <summary>This worker holds the attempt's lease: run it.</summary>
    public sealed record Claimed : RunClaim;

    /// <summary>A live worker holds the lease (it renewed it within the lease timeout): wait.</summary>
    public sealed record Held(string Worker, DateTimeOffset HeartbeatAt) : RunClaim;

    /// <summary>The attempt (or the whole run) already ended: acknowledge without running.</summary>
    public sealed record Done(RunOutcome Outcome) : RunClaim;

    /// <summary>The run was cancelled before this attempt started: acknowledge without running.</summary>
    public sealed record Cancelled(RunCancellation Cancellation) : RunClaim;
}
