namespace Platform.Worker.Handlers;

/// <summary><c>platform.noop</c>: succeeds at once.</summary>
public sealed class NoopJobHandler : IJobHandler
{
    public const string JobType = "platform.noop";

    public Task HandleAsync(JobRunContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
