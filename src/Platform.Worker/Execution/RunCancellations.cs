namespace Platform.Worker.Execution;

/// <summary>
/// The runs this process is about to execute or executing, each with a token that <c>CancelJobRun</c> cancels. An
/// attempt is tracked from the moment it is delivered (before the ledger is asked whether its run was cancelled) until
/// it ends, so a cancellation is either recorded before the ledger is asked, or reaches the tracked token.
/// </summary>
internal sealed class RunCancellations
{
    readonly Lock _lock = new();
    readonly Dictionary<Guid, List<TrackedRun>> _runs = [];

    public TrackedRun Track(Guid runId)
    {
        var tracked = new TrackedRun(this, runId);
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var attempts))
                _runs[runId] = attempts = [];
            attempts.Add(tracked);
        }

        return tracked;
    }

    /// <summary>Cancels every attempt of the run this process tracks; true when there was one.</summary>
    public bool Cancel(Guid runId, string reason)
    {
        List<TrackedRun> attempts;
        lock (_lock)
        {
            if (!_runs.TryGetValue(runId, out var tracked))
                return false;
            attempts = [.. tracked];
        }

        // Outside the lock: cancelling runs the token's callbacks (the handler's continuations among them).
        foreach (var attempt in attempts)
            attempt.Cancel(reason);
        return true;
    }

    void Untrack(TrackedRun tracked)
    {
        lock (_lock)
        {
            if (_runs.TryGetValue(tracked.RunId, out var attempts) && attempts.Remove(tracked) && attempts.Count == 0)
                _runs.Remove(tracked.RunId);
        }
    }

    /// <summary>One delivered attempt of a run; dispose it when the attempt's consumption ends.</summary>
    internal sealed class TrackedRun(RunCancellations owner, Guid runId) : IDisposable
    {
        readonly CancellationTokenSource _source = new();
        string? _reason;

        public Guid RunId { get; } = runId;

        /// <summary>Cancelled when the run is cancelled (and only then): the distinct reason among the handler's tokens.</summary>
        public CancellationToken Token => _source.Token;

        public bool IsCancellationRequested => _source.IsCancellationRequested;

        /// <summary>Why the run was cancelled (the first reason given), once it was.</summary>
        public string Reason => Volatile.Read(ref _reason) ?? "the run was cancelled";

        internal void Cancel(string reason)
        {
            Interlocked.CompareExchange(ref _reason, reason, null);
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The attempt ended between the lookup and now: nothing left to cancel.
            }
        }

        public void Dispose()
        {
            owner.Untrack(this);
            _source.Dispose();
        }
    }
}
