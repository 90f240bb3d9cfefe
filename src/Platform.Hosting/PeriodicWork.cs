namespace Platform.Hosting;

/// <summary>The one shape of the platform's periodic background loops (cleanups, retention, announcements).</summary>
public static class PeriodicWork
{
    /// <summary>Runs <paramref name="work"/> now and then every <paramref name="interval"/> on <paramref name="clock"/>
    /// until <paramref name="stoppingToken"/> is cancelled, when it returns quietly. A failure goes to
    /// <paramref name="failed"/> (to log it) and the loop carries on at the next tick.</summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> work, Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(failed);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await work(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    failed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
