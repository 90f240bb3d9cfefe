namespace Platform.Worker.Reliability;

/// <summary>Where a job type's circuit breaker is. The numbers are what the <c>platform.worker.breaker.state</c> gauge reports.</summary>
public enum CircuitState
{
    /// <summary>Runs go through; failures are counted.</summary>
    Closed = 0,

    /// <summary>The cool-down is over: a few probe runs go through, the others are held back.</summary>
    HalfOpen = 1,

    /// <summary>Runs are held back (re-scheduled after the cool-down, no attempt used).</summary>
    Open = 2,
}
