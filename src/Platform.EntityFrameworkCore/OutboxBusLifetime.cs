using MassTransit;

namespace Platform.EntityFrameworkCore;

/// <summary>Lets the delivery service send only while the bus runs: it starts once the bus has started and stops handing
/// messages to the bus when the bus begins to stop (undelivered rows simply stay in the outbox).</summary>
internal sealed class OutboxBusLifetime : IBusObserver, IDisposable
{
    readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource _stopping = new();

    public Task Started => _started.Task;

    public CancellationToken Stopping => _stopping.Token;

    public void PostCreate(IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(IBus bus) => Task.CompletedTask;

    public async Task PostStart(IBus bus, Task<BusReady> busReady)
    {
        try
        {
            await busReady;
        }
        finally
        {
            // An endpoint that failed to start does not stop the others from sending.
            _started.TrySetResult();
        }
    }

    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(IBus bus) => _stopping.CancelAsync();

    public Task PostStop(IBus bus) => Task.CompletedTask;

    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();
}
