namespace Platform.Worker.Handlers;

/// <summary><c>platform.fail</c>: fails the first <c>{ "failTimes": n }</c> attempts of a run, then succeeds.</summary>
public sealed class FailJobHandler : IJobHandler
{
    public const string JobType = "platform.fail";

    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        var failTimes = context.PayloadAs<FailPayload>()?.FailTimes ?? 1;
        if (context.Attempt <= failTimes)
            throw new PlannedFailureException($"platform.fail: attempt {context.Attempt} of run {context.RunId} fails as asked ({failTimes} time(s))");
        return Task.CompletedTask;
    }

    sealed record FailPayload(int FailTimes);
}

/// <summary>The failure <c>platform.fail</c> raises on purpose.</summary>
public sealed class PlannedFailureException(string message) : Exception(message);
