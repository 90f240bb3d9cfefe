using Microsoft.Extensions.Logging;
using Platform.Contracts;
using Platform.Hosting;

namespace Platform.Worker.Execution;

/// <summary>
/// Publishes <see cref="JobRunHeartbeat"/> for one running attempt and renews its lease: every interval on its own, and
/// sooner when the handler reports (at most one such heartbeat per throttle period; the latest progress and message win).
/// Failures to publish or renew are logged and do not stop the run.
/// </summary>
internal sealed class RunHeartbeat : IAsyncDisposable
{
    readonly JobRunHeartbeat _template;
    readonly Func<JobRunHeartbeat, CancellationToken, Task> _publish;
    readonly Func<CancellationToken, Task> _renew;
    readonly TimeSpan _interval;
    readonly TimeSpan _throttle;
    readonly TimeProvider _clock;
    readonly ILogger _logger;
    readonly Lock _lock = new();
    readonly CancellationTokenSource _stop = new();
    readonly WakeSignal _reported = new();
    bool _pending;
    int? _progress;
    string? _message;
    Task _loop = Task.CompletedTask;

    RunHeartbeat(JobRunHeartbeat template, Func<JobRunHeartbeat, CancellationToken, Task> publish, Func<CancellationToken, Task> renew,
        TimeSpan interval, TimeSpan throttle, TimeProvider clock, ILogger logger)
    {
        _template = template;
        _publish = publish;
        _renew = renew;
        _interval = interval;
        _throttle = throttle;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Starts beating; the first automatic heartbeat comes one interval after now (JobRunStarted says the rest).</summary>
    public static RunHeartbeat Start(JobRunHeartbeat template, Func<JobRunHeartbeat, CancellationToken, Task> publish,
        Func<CancellationToken, Task> renew, TimeSpan interval, TimeSpan throttle, TimeProvider clock, ILogger logger)
    {
        var heartbeat = new RunHeartbeat(template, publish, renew, interval, throttle, clock, logger);
        heartbeat._loop = Task.Run(heartbeat.LoopAsync);
        return heartbeat;
    }

    public void Report(int? progress, string? message)
    {
        lock (_lock)
        {
            if (progress is not null)
                _progress = progress;
            if (message is not null)
                _message = message;
            _pending = true;
        }

        _reported.Set();
    }

    async Task LoopAsync()
    {
        var last = _clock.GetUtcNow();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                bool pending;
                lock (_lock)
                    pending = _pending;

                var wait = (pending ? last + _throttle : last + _interval) - _clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    if (pending)
                    {
                        await Task.Delay(wait, _clock, _stop.Token);
                    }
                    else
                    {
                        var reported = await _reported.WaitAsync(wait, _clock, _stop.Token);
                        _stop.Token.ThrowIfCancellationRequested();
                        if (reported)
                            continue;
                    }
                }

                await SendAsync();
                last = _clock.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    async Task SendAsync()
    {
        JobRunHeartbeat beat;
        lock (_lock)
        {
            beat = _template with { At = _clock.GetUtcNow(), Progress = _progress, Message = _message };
            _pending = false;
        }

        try
        {
            await _renew(_stop.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogWarning(exception, "Could not renew the lease of run {RunId} attempt {Attempt}", beat.RunId, beat.Attempt);
        }

        try
        {
            await _publish(beat, _stop.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogWarning(exception, "Could not publish a heartbeat of run {RunId} attempt {Attempt}", beat.RunId, beat.Attempt);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
