namespace Platform.Hosting;

/// <summary>
/// A wake-up flag one loop waits on and other threads set, so the loop reacts at once to a change instead of at its next
/// poll: a set while nobody waits is remembered once, and several sets before the loop wakes coalesce into one wake-up.
/// </summary>
public class WakeSignal
{
    readonly Lock _lock = new();
    TaskCompletionSource _signal = NewSource();

    /// <summary>Wakes the waiting loop, or the next wait if none is waiting now.</summary>
    public void Set()
    {
        lock (_lock)
            _signal.TrySetResult();
    }

    /// <summary>Waits until set, until <paramref name="timeout"/> has passed on <paramref name="clock"/> or until
    /// <paramref name="cancellationToken"/> is cancelled (it does not throw: the caller's loop looks at its token), and
    /// clears the flag. True when woken by a set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
            signalled = _signal.Task;
        if (!signalled.IsCompleted && timeout > TimeSpan.Zero)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, clock, stopDelay.Token);
            await Task.WhenAny(signalled, delay).ConfigureAwait(false);
            // Synchronously: only the delay's timer is registered on it, and a hop to the thread pool per wait would cost
            // the loops that wait often (the trigger engine's) their latency.
            stopDelay.Cancel();
        }

        lock (_lock)
        {
            if (!_signal.Task.IsCompleted)
                return false;
            _signal = NewSource();
            return true;
        }
    }

    static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
