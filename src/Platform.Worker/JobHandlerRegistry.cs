namespace Platform.Worker;

/// <summary>The job types this worker runs (its queue's bindings, its announcements, the check before a run or a replay
/// is taken). Each type's handler is a keyed <see cref="IJobHandler"/> in the container, keyed by the job type.</summary>
public sealed class JobHandlerRegistry
{
    readonly HashSet<string> _jobTypes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> JobTypes => _jobTypes;

    internal void Add(string jobType)
    {
        if (!_jobTypes.Add(jobType))
            throw new InvalidOperationException($"Job type '{jobType}' already has a handler in this worker");
    }

    /// <summary>Whether this worker has a handler for <paramref name="jobType"/>.</summary>
    public bool Handles(string jobType) => _jobTypes.Contains(jobType);
}
