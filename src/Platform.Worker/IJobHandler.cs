namespace Platform.Worker;

/// <summary>Runs one job type, reading the payload itself (<see cref="JobRunContext.PayloadAs{T}"/>). Register with
/// <c>AddPlatformWorker(w => w.AddHandler&lt;THandler&gt;("type"))</c>; one instance per run, resolved from a DI scope.
/// Throwing fails the attempt (retried per the job's policy; <see cref="PermanentJobFailureException"/> is not retried).
/// Honour the token: it is cancelled on timeout and when a stopping worker hands the run back.</summary>
public interface IJobHandler
{
    Task HandleAsync(JobRunContext context, CancellationToken cancellationToken);
}
