namespace Platform.Worker.Reliability;

/// <summary>
/// The circuit breaker of one job type in one worker process. Closed: runs go through and failed attempts are counted
/// in a sliding window; <see cref="CircuitBreakerOptions.FailureThreshold"/> of them open it. Open: runs are held back
/// until the cool-down ends. Half-open: up to <see cref="CircuitBreakerOptions.HalfOpenProbes"/> runs go through as
/// probes; a probe's success closes it, a probe's failure opens it for another cool-down.
/// </summary>
public sealed class CircuitBreaker(string jobType, CircuitBreakerOptions options, TimeProvider clock)
{
    readonly Lock _lock = new();
    readonly Queue<DateTimeOffset> _failures = new();
    CircuitState _state = CircuitState.Closed;
    DateTimeOffset _openUntil;
    int _probesInFlight;

    public string JobType { get; } = jobType;

    /// <summary>Raised (outside the lock) with the old and new state on every transition.</summary>
    public event Action<CircuitBreaker, CircuitState, CircuitState>? StateChanged;

    public CircuitState State
    {
        get
        {
            lock (_lock)
                return _state;
        }
    }

    /// <summary>Asks to run one attempt. A <see cref="CircuitDecision.Probe"/> decision must be followed by exactly one of
    /// <see cref="OnSuccess"/>, <see cref="OnFailure"/> or <see cref="OnAbandoned"/> with <c>probe: true</c>.</summary>
    public CircuitDecision TryEnter()
    {
        CircuitState? changedFrom = null;
        CircuitDecision decision;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_state == CircuitState.Open && now >= _openUntil)
            {
                changedFrom = _state;
                _state = CircuitState.HalfOpen;
                _probesInFlight = 0;
            }

            decision = _state switch
            {
                CircuitState.Closed => CircuitDecision.Go,
                CircuitState.Open => CircuitDecision.HoldBack(_openUntil),
                _ when _probesInFlight < options.HalfOpenProbes => Probe(),
                _ => CircuitDecision.HoldBack(now + options.CoolDown),
            };
        }

        Notify(changedFrom, CircuitState.HalfOpen);
        return decision;

        CircuitDecision Probe()
        {
            _probesInFlight++;
            return CircuitDecision.GoAsProbe;
        }
    }

    public void OnSuccess(bool probe)
    {
        CircuitState? changedFrom = null;
        lock (_lock)
        {
            if (probe)
                _probesInFlight = Math.Max(0, _probesInFlight - 1);
            if (probe && _state == CircuitState.HalfOpen)
            {
                changedFrom = _state;
                _state = CircuitState.Closed;
                _failures.Clear();
            }
        }

        Notify(changedFrom, CircuitState.Closed);
    }

    public void OnFailure(bool probe)
    {
        CircuitState? changedFrom = null;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (probe)
                _probesInFlight = Math.Max(0, _probesInFlight - 1);
            if (probe && _state == CircuitState.HalfOpen)
            {
                changedFrom = _state;
                Open(now);
            }
            else if (_state == CircuitState.Closed)
            {
                _failures.Enqueue(now);
                Prune(now);
                if (_failures.Count >= options.FailureThreshold)
                {
                    changedFrom = _state;
                    Open(now);
                }
            }
        }

        Notify(changedFrom, CircuitState.Open);
    }

    /// <summary>The attempt did not run to an outcome (handed back, duplicate): a probe permit is returned unused.</summary>
    public void OnAbandoned(bool probe)
    {
        if (!probe)
            return;
        lock (_lock)
            _probesInFlight = Math.Max(0, _probesInFlight - 1);
    }

    public CircuitSnapshot Snapshot()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Prune(now);
            var state = _state == CircuitState.Open && now >= _openUntil ? CircuitState.HalfOpen : _state;
            return new CircuitSnapshot(JobType, state, _failures.Count, _state == CircuitState.Open ? _openUntil : null, _probesInFlight);
        }
    }

    void Open(DateTimeOffset now)
    {
        _state = CircuitState.Open;
        _openUntil = now + options.CoolDown;
        _failures.Clear();
    }

    void Prune(DateTimeOffset now)
    {
        while (_failures.Count > 0 && now - _failures.Peek() >= options.Window)
            _failures.Dequeue();
    }

    void Notify(CircuitState? from, CircuitState to)
    {
        if (from is { } previous && previous != to)
            StateChanged?.Invoke(this, previous, to);
    }
}
