namespace Platform.Contracts;

/// <summary>Event: a worker process says it is alive and what it does, every <see cref="Interval"/> while it runs, and a
/// last time with <see cref="Stopping"/> when it shuts down. Operators' tools (the API's workers page) keep the latest
/// announcement of each worker; nothing else depends on it.</summary>
public sealed record WorkerAnnounced
{
    /// <summary>The worker process as run events name it: queue, host and process id (<c>queue@host/pid</c>).</summary>
    public string Worker { get; init; } = "";

    /// <summary>The queue (or prefix of the priority-band queues) the process consumes.</summary>
    public string Queue { get; init; } = "";

    /// <summary>The job types it has handlers for.</summary>
    public IReadOnlyList<string> JobTypes { get; init; } = [];

    /// <summary>How many runs it executes at once at most.</summary>
    public int Slots { get; init; }

    /// <summary>Runs it is executing now.</summary>
    public int SlotsInUse { get; init; }

    /// <summary>Runs it has fetched that wait for a slot.</summary>
    public int RunsWaiting { get; init; }

    /// <summary>The circuit breaker of each job type it has run so far.</summary>
    public IReadOnlyList<WorkerBreaker> Breakers { get; init; } = [];

    /// <summary>When the process started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When this announcement was made.</summary>
    public DateTimeOffset AnnouncedAt { get; init; }

    /// <summary>How long until the next announcement: a worker not heard of for a few intervals is presumed gone.</summary>
    public TimeSpan Interval { get; init; }

    /// <summary>The process is shutting down: this is its last announcement.</summary>
    public bool Stopping { get; init; }
}
