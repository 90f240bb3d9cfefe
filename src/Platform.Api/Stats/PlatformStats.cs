using Platform.Api.Workers;

namespace Platform.Api.Stats;

/// <summary>The overview (<c>GET /api/stats</c>) over the window [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record PlatformStats
{
    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }

    /// <summary>Every job, by state.</summary>
    public IReadOnlyDictionary<string, int> Jobs { get; init; } = new Dictionary<string, int>();

    /// <summary>Runs scheduled in the window, by state.</summary>
    public IReadOnlyDictionary<string, int> Runs { get; init; } = new Dictionary<string, int>();

    /// <summary>Of the runs scheduled in the window that ended Succeeded, DeadLettered or TimedOut, the share that
    /// succeeded (0-1); null when none ended so.</summary>
    public double? SuccessRate { get; init; }

    /// <summary>Occurrences due in the window fired on time (OnTime), late (Misfired, CaughtUp: fired after a misfire) or
    /// not run (Missed, Coalesced), from the fire log.</summary>
    public FireCounts Fires { get; init; } = new(0, 0, 0);

    /// <summary>Fire lateness (fired minus due) of the occurrences fired, per bucket.</summary>
    public IReadOnlyList<SeriesPoint> FireLateness { get; init; } = [];

    /// <summary>Start delay (first attempt's start minus the occurrence it is for) of runs started, per bucket; replays and
    /// backfills (whose occurrences are past on purpose) are left out.</summary>
    public IReadOnlyList<SeriesPoint> StartDelay { get; init; } = [];

    /// <summary>The size of a bucket of the series.</summary>
    public TimeSpan Bucket { get; init; }

    /// <summary>Breakers not Closed, in workers that announced themselves.</summary>
    public IReadOnlyList<OpenBreaker> OpenBreakers { get; init; } = [];

    /// <summary>Worker processes by status (Up, Stopping, Silent).</summary>
    public IReadOnlyDictionary<string, int> Workers { get; init; } = new Dictionary<string, int>();

    /// <summary>The platform's queues, from RabbitMQ's management API.</summary>
    public IReadOnlyList<QueueDepth> Queues { get; init; } = [];

    /// <summary>Why <see cref="Queues"/> is empty, when it could not be read.</summary>
    public string? QueuesProblem { get; init; }
}

/// <summary>Fires of the window by outcome.</summary>
public sealed record FireCounts(int OnTime, int Late, int Missed);

/// <summary>A circuit breaker that holds runs back.</summary>
public sealed record OpenBreaker(string Worker, string JobType, string State, int FailuresInWindow, DateTimeOffset? OpenUntil)
{
    public static IEnumerable<OpenBreaker> Of(IEnumerable<WorkerStatus> workers) => workers
        .Where(w => w.Status != "Silent")
        .SelectMany(w => w.Breakers.Where(b => b.State != "Closed").Select(b => new OpenBreaker(w.Worker, b.JobType, b.State, b.FailuresInWindow, b.OpenUntil)));
}
