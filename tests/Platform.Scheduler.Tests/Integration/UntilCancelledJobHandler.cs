using Platform.Worker;

namespace Platform.Scheduler.Tests.Integration;

/// <summary>A job that runs until its token is cancelled, and tells <see cref="CancelledRuns"/> when it was.</summary>
public sealed class UntilCancelledJobHandler(CancelledRuns cancelled, TimeProvider clock) : IJobHandler
{
    public const string JobType = "test.until-cancelled";

    public async Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled.Add(context.RunId);
            throw;
        }
    }
}
