using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts;

namespace Platform.Worker.Execution;

/// <summary>
/// Reports an attempt's start (<see cref="JobRunStarted"/>): at once when its run asks for it (<see cref="ExecuteJobRun.ReportStart"/>:
/// the scheduler watches its start or duration) or the worker's <see cref="WorkerOptions.StartedReportDelay"/> is zero;
/// otherwise only if the handler is still running after that delay. A quicker attempt's start travels in its outcome
/// (<see cref="JobRunSucceeded"/>, <see cref="JobRunFailed"/>), which saves the scheduler a report per run. Disposing it
/// (when the handler ended) cancels a report not yet due and waits for one being published, so it is never published after
/// the outcome.
/// </summary>
internal sealed class StartReport : IAsyncDisposable
{
    readonly CancellationTokenSource _ended = new();
    readonly Task _report;

    StartReport(Func<CancellationToken, Task>? later) => _report = later is null ? Task.CompletedTask : later(_ended.Token);

    public static async Task<StartReport> BeginAsync(ConsumeContext context, JobRunStarted started, bool atOnce, TimeSpan delay, TimeProvider clock,
        ILogger logger)
    {
        if (!atOnce && delay > TimeSpan.Zero)
            return new StartReport(ended => LaterAsync(context, started, delay, clock, logger, ended));
        await context.Publish(started);
        return new StartReport(null);
    }

    public async ValueTask DisposeAsync()
    {
        await _ended.CancelAsync();
        await _report;
        _ended.Dispose();
    }

    static async Task LaterAsync(ConsumeContext context, JobRunStarted started, TimeSpan delay, TimeProvider clock, ILogger logger, CancellationToken ended)
    {
        try
        {
            await Task.Delay(delay, clock, ended);
            await context.Publish(started, CancellationToken.None);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The outcome reports the start too: a lost start report only delays what the scheduler shows.
            logger.LogWarning(exception, "Reporting the start of run {RunId} attempt {Attempt} failed", started.RunId, started.Attempt);
        }
    }
}
