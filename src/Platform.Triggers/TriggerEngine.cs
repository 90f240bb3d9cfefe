using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Hosting;

namespace Platform.Triggers;

/// <summary>
/// Fires triggers on time, exactly once per occurrence, across any number of instances. Three loops:
/// <list type="number">
/// <item>Claim (<see cref="TriggerClaims{TDbContext}"/>): occurrences due within <see cref="TriggerEngineOptions.Lookahead"/>
/// are claimed in batches with a lease and held in memory (<see cref="HeldOccurrences"/>), every
/// <see cref="TriggerEngineOptions.PollInterval"/> and at once when a trigger change notifies
/// (<see cref="TriggerNotifications{TDbContext}"/>).</item>
/// <item>Fire: a timer wakes at the earliest held occurrence and hands everything due to
/// <see cref="TriggerFiring{TDbContext}"/> (one transaction per batch, several batches in flight).</item>
/// <item>Fail over: an instance that dies renews nothing; its claims expire after <see cref="TriggerEngineOptions.Lease"/>
/// and another instance claims and fires them (late ones by misfire policy).</item>
/// </list>
/// </summary>
public sealed partial class TriggerEngine<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    readonly IServiceScopeFactory _scopes;
    readonly TriggerEngineOptions _options;
    readonly TimeProvider _clock;
    readonly ILogger<TriggerEngine<TDbContext>> _logger;
    readonly HeldOccurrences _held = new();
    readonly WakeSignal _claimSignal = new();
    readonly WakeSignal _fireSignal = new();
    readonly SemaphoreSlim _inFlight;
    readonly TriggerClaims<TDbContext> _claims;
    readonly TriggerFiring<TDbContext> _firing;
    readonly TriggerNotifications<TDbContext> _notifications;

    public TriggerEngine(IServiceScopeFactory scopes, IOptions<TriggerEngineOptions> options, TimeProvider clock,
        IEnumerable<ITriggerFireObserver> observers, ILogger<TriggerEngine<TDbContext>> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        InstanceId = string.IsNullOrWhiteSpace(_options.InstanceId) ? $"{Environment.MachineName}/{Environment.ProcessId}" : _options.InstanceId;
        _inFlight = new SemaphoreSlim(_options.ConcurrentBatches, _options.ConcurrentBatches);
        _claims = new TriggerClaims<TDbContext>(_options, InstanceId, logger);
        _firing = new TriggerFiring<TDbContext>(scopes, _options, InstanceId, observers, clock, logger);
        _notifications = new TriggerNotifications<TDbContext>(scopes, clock, _claimSignal.Set, logger);
    }

    public string InstanceId { get; }

    /// <summary>Occurrences this instance holds in memory, waiting for their time.</summary>
    public int Held => _held.Count;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Task.Run(() => ClaimLoopAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => FireLoopAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => _notifications.ListenAsync(stoppingToken), CancellationToken.None));

    async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var claimed = await _claims.ClaimAsync(scope.ServiceProvider.GetRequiredService<TDbContext>(), _clock.GetUtcNow(), stoppingToken);
                full = claimed.Count >= _options.ClaimBatchSize;
                if (claimed.Count > 0)
                {
                    _held.Hold(claimed);
                    _fireSignal.Set();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogClaimFailed(exception);
            }

            if (!full)
                await _claimSignal.WaitAsync(_options.PollInterval, _clock, stoppingToken);
        }
    }

    async Task FireLoopAsync(CancellationToken stoppingToken)
    {
        var firing = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = _held.NextDue();
            var now = _clock.GetUtcNow();
            if (next is null || next.Value - now > _options.SpinWindow)
            {
                var sleep = next is null ? _options.PollInterval : next.Value - now - _options.SpinWindow;
                await _fireSignal.WaitAsync(sleep, _clock, stoppingToken);
                if (next is null || _clock.GetUtcNow() < next.Value - _options.SpinWindow)
                    continue;
            }

            while (_clock.GetUtcNow() < next.Value && !stoppingToken.IsCancellationRequested)
                Thread.SpinWait(50);

            var batch = _held.TakeDue(_clock.GetUtcNow(), _options.FireBatchSize);
            if (batch.Count == 0)
                continue;

            // Batches of different jobs are independent: while one commits, the next due ones fire beside it.
            try
            {
                await _inFlight.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            firing.RemoveAll(t => t.IsCompleted);
            firing.Add(Task.Run(() => FireAsync(batch, stoppingToken), CancellationToken.None));
        }

        await Task.WhenAll(firing);
    }

    async Task FireAsync(List<Claimed> batch, CancellationToken stoppingToken)
    {
        try
        {
            var held = false;
            foreach (var next in await _firing.FireWithRetryAsync(batch, stoppingToken))
                held |= _held.HoldNext(next);
            if (held)
                _fireSignal.Set();
        }
        finally
        {
            _inFlight.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming due triggers failed; retrying")]
    partial void LogClaimFailed(Exception exception);
}
