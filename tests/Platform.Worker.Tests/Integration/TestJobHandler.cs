namespace Platform.Worker.Tests.Integration;

/// <summary>The handler the integration tests register under their own job types; see <see cref="TestPayload"/>.</summary>
public sealed class TestJobHandler(TestJobState state, TimeProvider clock) : IJobHandler<TestPayload>
{
    public async Task HandleAsync(TestPayload payload, JobRunContext context, CancellationToken cancellationToken)
    {
        state.Started(Record(context));
        try
        {
            if (payload.Gate is { } gate)
                await state.WaitAsync(gate, cancellationToken);
            for (var i = 1; i <= payload.ProgressReports; i++)
            {
                context.ReportProgress(i * 100 / payload.ProgressReports, $"step {i}");
                await Task.Delay(TimeSpan.FromMilliseconds(10), clock, cancellationToken);
            }

            if (payload.Ms > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(payload.Ms), clock, payload.IgnoreCancellation ? CancellationToken.None : cancellationToken);
            if (context.Attempt <= payload.FailTimes || state.Broken)
                throw new InvalidOperationException($"planned failure of attempt {context.Attempt}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            state.Cancelled.Add(context.RunId);
            throw;
        }
        finally
        {
            state.Ended(Record(context));
        }
    }

    TestRunRecord Record(JobRunContext context) =>
        new(context.RunId, context.Attempt, context.Priority, context.JobType, context.Worker, clock.GetUtcNow());
}
