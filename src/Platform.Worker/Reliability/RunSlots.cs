namespace Platform.Worker.Reliability;

/// <summary>
/// The execution slots of one worker process: at most a global number of runs at once, and at most a per-job-type number
/// of each type. When a slot frees, the waiting run with the highest priority that fits gets it (first come first served
/// within a priority), so runs already fetched from several queues (priority bands) still start in priority order.
/// </summary>
public sealed class RunSlots
{
    readonly Lock _lock = new();
    readonly int _limit;
    readonly IReadOnlyDictionary<string, int> _typeLimits;
    readonly Dictionary<string, int> _usedByType = new(StringComparer.Ordinal);
    readonly List<Waiter> _waiters = [];
    int _used;
    long _sequence;

    public RunSlots(int limit, IReadOnlyDictionary<string, int> typeLimits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _typeLimits = typeLimits;
    }

    /// <summary>Runs executing now.</summary>
    public int InUse
    {
        get
        {
            lock (_lock)
                return _used;
        }
    }

    /// <summary>Runs waiting for a slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
                return _waiters.Count;
        }
    }

    /// <summary>Waits for a slot for a run of <paramref name="jobType"/> at <paramref name="priority"/>; dispose the result
    /// to free it.</summary>
    public async ValueTask<IDisposable> AcquireAsync(string jobType, int priority, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(jobType, priority);
        List<Waiter> granted;
        lock (_lock)
        {
            waiter.Sequence = _sequence++;
            _waiters.Add(waiter);
            granted = Grant();
        }

        Complete(granted);
        await using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
            await waiter.Granted.Task;
        return new Slot(this, jobType);
    }

    void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_lock)
            removed = _waiters.Remove(waiter);
        if (removed)
            waiter.Granted.TrySetCanceled(cancellationToken);
    }

    void Release(string jobType)
    {
        List<Waiter> granted;
        lock (_lock)
        {
            _used--;
            _usedByType[jobType]--;
            granted = Grant();
        }

        Complete(granted);
    }

    /// <summary>Under the lock: hands free slots to the waiters that fit, highest priority first (first come first served
    /// within a priority); a waiter held by its type's limit does not block other types.</summary>
    List<Waiter> Grant()
    {
        var granted = new List<Waiter>();
        foreach (var waiter in _waiters.OrderByDescending(w => w.Priority).ThenBy(w => w.Sequence).ToList())
        {
            if (_used >= _limit)
                break;
            if (!Fits(waiter.JobType))
                continue;
            Take(waiter.JobType);
            _waiters.Remove(waiter);
            granted.Add(waiter);
        }

        return granted;
    }

    void Complete(List<Waiter> granted)
    {
        foreach (var waiter in granted)
        {
            if (!waiter.Granted.TrySetResult())
                Release(waiter.JobType);
        }
    }

    bool Fits(string jobType) =>
        _used < _limit && (!_typeLimits.TryGetValue(jobType, out var typeLimit) || _usedByType.GetValueOrDefault(jobType) < typeLimit);

    void Take(string jobType)
    {
        _used++;
        _usedByType[jobType] = _usedByType.GetValueOrDefault(jobType) + 1;
    }

    sealed class Waiter(string jobType, int priority)
    {
        public string JobType { get; } = jobType;

        public int Priority { get; } = priority;

        public long Sequence { get; set; }

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    sealed class Slot(RunSlots owner, string jobType) : IDisposable
    {
        int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
                owner.Release(jobType);
        }
    }
}
