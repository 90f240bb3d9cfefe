using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Reliability;

/// <summary>This process's circuit breakers, one per job type, created on first use. Transitions are logged.</summary>
public sealed class JobTypeBreakers(IOptions<WorkerOptions> options, TimeProvider clock, ILogger<JobTypeBreakers> logger)
{
    readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    readonly CircuitBreakerOptions _options = options.Value.CircuitBreaker;

    public bool Enabled => _options.Enabled;

    public CircuitBreaker For(string jobType) => _breakers.GetOrAdd(jobType, type =>
    {
        var breaker = new CircuitBreaker(type, _options, clock);
        breaker.StateChanged += OnStateChanged;
        return breaker;
    });

    public IReadOnlyList<CircuitSnapshot> Snapshots() =>
        _breakers.Values.Select(b => b.Snapshot()).OrderBy(s => s.JobType, StringComparer.Ordinal).ToList();

    void OnStateChanged(CircuitBreaker breaker, CircuitState from, CircuitState to)
    {
        if (to == CircuitState.Open)
            logger.LogWarning("Circuit breaker of job type {JobType} {From} -> {To}: its runs are held back for {CoolDown}", breaker.JobType, from, to,
                _options.CoolDown);
        else
            logger.LogInformation("Circuit breaker of job type {JobType} {From} -> {To}", breaker.JobType, from, to);
    }
}
