namespace Platform.Triggers;

/// <summary>A wake-up flag one loop waits on and others set; setting it while nobody waits is remembered once.</summary>
internal sealed class AsyncSignal
{
    readonly Lock _lock = new();
    TaskCompletionSource _signal = NewSource();

    public void Set()
    {
        lock (_lock)
            _signal.TrySetResult();
    }

    /// <summary>Waits until set or until <paramref name="delay"/> completes; clears the flag.</summary>
    public async Task WaitAsync(Task delay)
    {
        Task signalled;
        lock (_lock)
            signalled = _signal.Task;
        await Task.WhenAny(signalled, delay);
        lock (_lock)
        {
            if (_signal.Task.IsCompleted)
                _signal = NewSource();
        }
    }

    static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
