namespace Platform.Worker;

/// <summary>How this worker process names itself in run events: queue, host and process id.</summary>
public sealed class WorkerIdentity(string name)
{
    public string Name { get; } = name;
}
