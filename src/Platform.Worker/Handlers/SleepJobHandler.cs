namespace Platform.Worker.Handlers;

/// <summary><c>platform.sleep</c>: waits <c>{ "ms": n }</c> milliseconds, ending early (as cancelled) when the run is
/// cancelled or times out.</summary>
public sealed class SleepJobHandler(TimeProvider clock) : IJobHandler
{
    public const string JobType = "platform.sleep";

    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var payload = context.PayloadAs<SleepPayload>();
        var ms = Math.Max(0, payload?.Ms ?? 0);
        return Task.Delay(TimeSpan.FromMilliseconds(ms), clock, cancellationToken);
    }

    sealed record SleepPayload(int Ms);
}
