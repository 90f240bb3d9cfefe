namespace Platform.Worker;

/// <summary>Runs one job type. Register with <c>AddPlatformWorker(w => w.AddHandler&lt;THandler&gt;("type"))</c>; one instance
/// per run, resolved from a DI scope. Throwing fails the attempt; honouring the token lets timeouts and cancellation
/// end the attempt promptly.</summary>
public interface IJobHandler
{
    Task HandleAsync(JobRunContext context, CancellationToken cancellationToken);
}
