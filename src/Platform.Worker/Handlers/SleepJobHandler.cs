namespace Platform.Worker.Handlers;

/// <summary><c>platform.sleep</c>: waits <c>{ "ms": n }</c> milliseconds, reporting progress every tenth of the way, and
/// ends early (as cancelled) when the run is cancelled or times out.</summary>
public sealed class SleepJobHandler(TimeProvider clock) : IJobHandler<SleepPayload>
{
    public const string JobType = "platform.sleep";

    public async Task HandleAsync(SleepPayload payload, JobRunContext context, CancellationToken cancellationToken)
    {
        var total = TimeSpan.FromMilliseconds(Math.Max(0, payload.Ms));
        for (var tenth = 1; tenth <= 10; tenth++)
        {
            await Task.Delay(total / 10, clock, cancellationToken);
            context.ReportProgress(tenth * 10);
        }
    }
}
