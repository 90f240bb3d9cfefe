namespace Platform.Worker;

/// <summary>Whether <see cref="PlatformWorkerBusExtensions.ConfigurePlatformWorker"/> declared the worker's endpoints on
/// this service's bus: a worker registered without them would take no runs, so the host refuses to start.</summary>
internal sealed class WorkerBusConfiguration
{
    int _configured;

    public bool IsConfigured => Volatile.Read(ref _configured) == 1;

    public void MarkConfigured()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1)
            throw new InvalidOperationException("ConfigurePlatformWorker was called twice on this bus: call it once, in UsingRabbitMq");
    }
}
