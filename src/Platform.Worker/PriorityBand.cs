namespace Platform.Worker;

/// <summary>A range of run priorities that shares one queue in <see cref="WorkerQueueMode.QuorumBands"/>.</summary>
public sealed record PriorityBand(string Name, int LowestPriority, int HighestPriority)
{
    /// <summary>high 7-9, normal 4-6 (the default priority 5), low 0-3; highest first.</summary>
    public static IReadOnlyList<PriorityBand> All { get; } =
    [
        new("high", 7, 9),
        new("normal", 4, 6),
        new("low", 0, 3),
    ];

    public IEnumerable<int> Priorities => Enumerable.Range(LowestPriority, HighestPriority - LowestPriority + 1);

    public bool Contains(int priority) => priority >= LowestPriority && priority <= HighestPriority;
}
