using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Platform.Worker.Execution;

/// <summary>When the worker stops taking runs (the host is stopping) and when its drain time is over (running handlers
/// are cancelled and their runs handed back).</summary>
internal sealed class WorkerLifetime : IDisposable
{
    readonly CancellationTokenSource _drainExpired = new();
    readonly CancellationTokenRegistration _registration;
    ITimer? _timer;

    public WorkerLifetime(IHostApplicationLifetime lifetime, IOptions<WorkerOptions> options, TimeProvider clock)
    {
        Stopping = lifetime.ApplicationStopping;
        var drain = options.Value.DrainTimeout;
        _registration = Stopping.Register(() =>
        {
            if (drain <= TimeSpan.Zero)
                _drainExpired.Cancel();
            else
                _timer = clock.CreateTimer(_ => _drainExpired.Cancel(), null, drain, Timeout.InfiniteTimeSpan);
        });
    }

    public CancellationToken Stopping { get; }

    public CancellationToken DrainExpired => _drainExpired.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _timer?.Dispose();
        _drainExpired.Dispose();
    }
}
