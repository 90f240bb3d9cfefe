namespace Platform.Worker.Ledger;

/// <summary>
/// The ledger in this process's memory, used when no <see cref="WorkerOptions.ConnectionString"/> is set. It recognises
/// redeliveries to this process only, and forgets everything when the process ends: a run redelivered to another process
/// (or after a restart) whose first delivery had completed runs again. Leases are local, so a redelivery to another
/// process runs at once instead of waiting for a live worker. Cancellations are remembered by each process that received
/// the broadcast: a process started after a run was cancelled does not know it.
/// </summary>
public sealed class MemoryRunLedger : IRunLedger
{
    readonly Lock _lock = new();
    readonly Dictionary<RunKey, RunOutcome> _outcomes = [];
    readonly Dictionary<RunKey, (string Worker, DateTimeOffset HeartbeatAt)> _leases = [];
    readonly Dictionary<Guid, DeadLetteredRun> _deadLetters = [];
    readonly Dictionary<Guid, RunCancellation> _cancellations = [];

    public bool IsDurable => false;

    public Task<RunClaim> ClaimAsync(RunKey key, string worker, DateTimeOffset now, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.HeartbeatAt >= expiredBefore)
                return Task.FromResult<RunClaim>(new RunClaim.Held(lease.Worker, lease.HeartbeatAt));
            var done = _outcomes.Values
                .Where(o => o.Key.RunId == key.RunId && o.Key.Replay == key.Replay && (o.Key.Attempt == key.Attempt || o.IsFinal))
                .MaxBy(o => o.Key.Attempt);
            if (done is not null)
                return Task.FromResult<RunClaim>(new RunClaim.Done(done));
            if (_cancellations.TryGetValue(key.RunId, out var cancellation))
                return Task.FromResult<RunClaim>(new RunClaim.Cancelled(cancellation));
            _leases[key] = (worker, now);
            return Task.FromResult<RunClaim>(new RunClaim.Claimed());
        }
    }

    public Task RenewAsync(RunKey key, string worker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.Worker == worker)
                _leases[key] = (worker, now);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(RunKey key, string worker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.Worker == worker)
                _leases.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<bool> RecordAsync(RunOutcome outcome, DeadLetteredRun? deadLetter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_outcomes.TryAdd(outcome.Key, outcome with { Published = false }))
                return Task.FromResult(false);
            if (deadLetter is not null)
                _deadLetters[deadLetter.Run.RunId] = deadLetter;
            return Task.FromResult(true);
        }
    }

    public Task MarkPublishedAsync(RunKey key, string worker, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_outcomes.TryGetValue(key, out var outcome))
                _outcomes[key] = outcome with { Published = true };
            if (_leases.TryGetValue(key, out var lease) && lease.Worker == worker)
                _leases.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task RecordCancellationAsync(RunCancellation cancellation, CancellationToken cancellationToken)
    {
        lock (_lock)
            _cancellations.TryAdd(cancellation.RunId, cancellation);
        return Task.CompletedTask;
    }

    public Task<RunCancellation?> FindCancellationAsync(Guid runId, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult(_cancellations.GetValueOrDefault(runId));
    }

    public Task<IReadOnlyList<DeadLetteredRun>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<DeadLetteredRun>>(_deadLetters.Values.OrderByDescending(d => d.DeadLetteredAt).Take(limit).ToList());
    }

    public Task<bool> MarkReplayedAsync(Guid runId, int replay, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_deadLetters.TryGetValue(runId, out var deadLetter) || deadLetter.Run.Replay >= replay || deadLetter.ReplayedAs >= replay)
                return Task.FromResult(false);
            _deadLetters[runId] = deadLetter with { ReplayedAt = at, ReplayedAs = replay, ReplayReason = reason };
            return Task.FromResult(true);
        }
    }

    public Task<int> CleanupAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var removed = 0;
            foreach (var key in _outcomes.Where(o => o.Value.FinishedAt < olderThan).Select(o => o.Key).ToList())
                removed += _outcomes.Remove(key) ? 1 : 0;
            foreach (var key in _leases.Where(l => l.Value.HeartbeatAt < olderThan).Select(l => l.Key).ToList())
                removed += _leases.Remove(key) ? 1 : 0;
            foreach (var key in _deadLetters.Where(d => d.Value.ReplayedAt < olderThan).Select(d => d.Key).ToList())
                removed += _deadLetters.Remove(key) ? 1 : 0;
            foreach (var key in _cancellations.Where(c => c.Value.CancelledAt < olderThan).Select(c => c.Key).ToList())
                removed += _cancellations.Remove(key) ? 1 : 0;
            return Task.FromResult(removed);
        }
    }
}
