namespace Platform.Worker.Ledger;

/// <summary>
/// The worker's durable memory: which attempts ended and how (so a redelivery is acknowledged without running the
/// handler again), who is running which attempt right now (leases renewed by heartbeats, so a redelivery waits for a live
/// worker instead of running the attempt a second time), which runs were cancelled (so none of their attempts starts
/// later), and the dead-lettered runs kept for replay.
/// </summary>
public interface IRunLedger
{
    /// <summary>Whether the memory survives the process and is shared by all processes of the worker service.</summary>
    bool IsDurable { get; }

    /// <summary>Asks to run an attempt: <see cref="RunClaim.Held"/> while another live worker holds the lease;
    /// <see cref="RunClaim.Done"/> when it (or its run) already ended; <see cref="RunClaim.Cancelled"/> when its run was
    /// cancelled; otherwise takes the lease (a missing or expired one) for <paramref name="worker"/>.</summary>
    Task<RunClaim> ClaimAsync(RunKey key, string worker, DateTimeOffset now, DateTimeOffset expiredBefore, CancellationToken cancellationToken);

    /// <summary>Keeps the lease alive.</summary>
    Task RenewAsync(RunKey key, string worker, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives the lease up without an outcome (the run is handed back).</summary>
    Task ReleaseAsync(RunKey key, string worker, CancellationToken cancellationToken);

    /// <summary>Records how an attempt ended (and, for a dead-lettered run, keeps it for replay), before its events are
    /// published. False when an outcome of this attempt was already recorded (by a worker whose lease had expired).</summary>
    Task<bool> RecordAsync(RunOutcome outcome, DeadLetteredRun? deadLetter, CancellationToken cancellationToken);

    /// <summary>Marks the outcome's events published and gives the lease up; then the message may be acknowledged.</summary>
    Task MarkPublishedAsync(RunKey key, string worker, CancellationToken cancellationToken);

    /// <summary>Remembers that a run was cancelled; every worker process that receives the broadcast calls it, so a
    /// cancellation already recorded is kept as it is.</summary>
    Task RecordCancellationAsync(RunCancellation cancellation, CancellationToken cancellationToken);

    /// <summary>The run's cancellation, or null when it was not cancelled (or it was forgotten after the retention).</summary>
    Task<RunCancellation?> FindCancellationAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>Dead-lettered runs, newest first.</summary>
    Task<IReadOnlyList<DeadLetteredRun>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Marks a dead-lettered run replayed as <paramref name="replay"/> (its first attempt arrived); false when
    /// it already was (a redelivery) or this service keeps no such dead letter.</summary>
    Task<bool> MarkReplayedAsync(Guid runId, int replay, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Forgets outcomes, stale leases, cancellations and replayed dead letters older than <paramref name="olderThan"/>.</summary>
    Task<int> CleanupAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
