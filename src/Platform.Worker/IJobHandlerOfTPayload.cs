namespace Platform.Worker;

/// <summary>Runs one job type whose payload is read as <typeparamref name="TPayload"/> (camelCase JSON). Register with
/// <c>AddPlatformWorker(w => w.AddHandler&lt;THandler, TPayload&gt;("type"))</c>. A payload that is missing or cannot be
/// read fails the run at once, without retries. Otherwise as <see cref="IJobHandler"/>.</summary>
public interface IJobHandler<in TPayload>
{
    Task HandleAsync(TPayload payload, JobRunContext context, CancellationToken cancellationToken);
}
