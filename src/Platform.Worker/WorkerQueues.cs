using Platform.Messaging;

namespace Platform.Worker;

/// <summary>The queues a worker consumes and the priorities each one binds, from <see cref="WorkerOptions"/>.</summary>
public sealed class WorkerQueues
{
    WorkerQueues(WorkerQueueMode mode, IReadOnlyList<WorkerQueue> queues)
    {
        Mode = mode;
        Queues = queues;
    }

    public WorkerQueueMode Mode { get; }

    /// <summary>The run queues, highest priorities first.</summary>
    public IReadOnlyList<WorkerQueue> Queues { get; }

    public static WorkerQueues From(WorkerOptions options) => options.QueueMode switch
    {
        WorkerQueueMode.Classic => new WorkerQueues(options.QueueMode,
            [new WorkerQueue(options.Queue, PlatformTopology.AllPriorities, options.PrefetchCount ?? options.ConcurrentRuns)]),
        WorkerQueueMode.QuorumBands => new WorkerQueues(options.QueueMode,
            PriorityBand.All.Select(b => new WorkerQueue($"{options.Queue}-{b.Name}", b.Priorities.ToArray(),
                options.PrefetchCount ?? options.ConcurrentRuns + 1)).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.QueueMode, "unknown queue mode"),
    };

    /// <summary>
    /// The queue on which one worker process receives <c>CancelJobRun</c> broadcasts:
    /// <c>{queue}-cancel-{instance}-{unique}</c>, with any character RabbitMQ entity names should not have in the instance
    /// replaced by <c>-</c>. It is temporary (auto-delete, not durable): it exists while the process is connected, and
    /// <paramref name="unique"/> keeps two processes with the same instance name from sharing (and splitting) it.
    /// </summary>
    public static string CancellationQueue(string queue, string instance, Guid unique)
    {
        var safe = string.Concat(instance.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-'));
        return $"{queue}-cancel-{safe}-{unique.ToString("N")[..8]}";
    }

    /// <summary>The queue that holds runs of <paramref name="priority"/>: where a retry or a held-back run is sent back to.</summary>
    public WorkerQueue For(int priority)
    {
        var clamped = Math.Clamp(priority, 0, PlatformTopology.MaxPriority);
        return Queues.First(q => q.Priorities.Contains(clamped));
    }
}

/// <summary>One run queue: its name, the priorities bound to it, and how many runs the worker fetches ahead from it.</summary>
public sealed record WorkerQueue(string Name, IReadOnlyList<int> Priorities, int PrefetchCount)
{
    /// <summary>The queue's own exchange (MassTransit binds one of the same name to each queue). Sends go there, never to
    /// <c>queue:name</c>, which would redeclare the queue without its arguments and fail.</summary>
    public Uri Exchange => new($"exchange:{Name}");
}
