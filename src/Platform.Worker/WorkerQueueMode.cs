namespace Platform.Worker;

/// <summary>How a worker queues its runs on the broker. See docs/workers.md.</summary>
public enum WorkerQueueMode
{
    /// <summary>One classic queue with <c>x-max-priority</c> 9: exact priority order, not replicated.</summary>
    Classic,

    /// <summary>One quorum (replicated) queue per priority band (high 7-9, normal 4-6, low 0-3), a higher band drained
    /// first; first in, first out within a band.</summary>
    QuorumBands,
}
