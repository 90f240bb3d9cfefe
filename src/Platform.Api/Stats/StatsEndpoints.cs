using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Api.ReadModel;
using Platform.Api.Workers;
using Platform.Scheduling.Schema;
using Platform.Triggers;

namespace Platform.Api.Stats;

/// <summary><c>GET /api/stats</c>: the overview page's numbers.</summary>
public static class StatsEndpoints
{
    // Per bucket ({0}) from {1} to {2}: how late on-time, misfired and caught-up fires committed, in milliseconds.
    const string FireLateness = $$"""
        select date_bin({0}, f.scheduled_for, {1}) as "At", count(*)::int as "Count",
            percentile_cont(0.5) within group (order by extract(epoch from f.fired_at - f.scheduled_for)::float8 * 1000) as "P50",
            percentile_cont(0.95) within group (order by extract(epoch from f.fired_at - f.scheduled_for)::float8 * 1000) as "P95",
            max(extract(epoch from f.fired_at - f.scheduled_for)::float8 * 1000) as "Max"
        from {{SchedulerTables.Schema}}.{{TriggerTables.Fires}} f
        where f.scheduled_for >= {1} and f.scheduled_for < {2}
            and f.kind in ('{{nameof(FireKind.OnTime)}}', '{{nameof(FireKind.Misfired)}}', '{{nameof(FireKind.CaughtUp)}}')
        group by 1 order by 1
        """;

    // Per bucket ({0}) from {1} to {2}: how long after its due time a run's first attempt started (backfills and replays
    // excluded), in milliseconds.
    const string StartDelay = $$"""
        select date_bin({0}, r.started_at, {1}) as "At", count(*)::int as "Count",
            percentile_cont(0.5) within group (order by extract(epoch from r.started_at - r.scheduled_for)::float8 * 1000) as "P50",
            percentile_cont(0.95) within group (order by extract(epoch from r.started_at - r.scheduled_for)::float8 * 1000) as "P95",
            max(extract(epoch from r.started_at - r.scheduled_for)::float8 * 1000) as "Max"
        from {{SchedulerTables.QualifiedRuns}} r
        where r.started_at >= {1} and r.started_at < {2} and r.attempt = 1 and r.replay = 0 and r.cause <> 'backfill'
        group by 1 order by 1
        """;

    public const int DefaultHours = 1;
    public const int MaxHours = 168;
    const int Buckets = 30;

    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stats", Get)
            .WithTags("Overview")
            .WithName("GetStats")
            .WithSummary("Jobs and runs by state, success rate, on-time/late/missed fires, fire lateness and start delay over time, " +
                "open breakers, workers and queue depths")
            .WithDescription("Over the last 'hours' (1-168, 1 when absent): runs and fires of occurrences due in that window; the two " +
                "series in 30 buckets (p50, p95 and max in milliseconds). Jobs are counted whatever their age. Queue depths come from " +
                "RabbitMQ's management API (Platform:Api:Management); when it cannot be read, 'queuesProblem' says why.");
        return app;
    }

    static async Task<Results<Ok<PlatformStats>, ValidationProblem>> Get(
        [Description("The window, in hours back from now: 1-168; 1 when absent.")] string? hours,
        SchedulerReadDbContext db,
        WorkerRegistry workers,
        QueueDepths queues,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters();
        var window = DefaultHours;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out window) || window is < 1 or > MaxHours))
            parameters.Add("hours", $"must be a whole number from 1 to {MaxHours}");
        if (parameters.HasErrors)
            return parameters.ToProblem("The stats request is invalid");

        var to = clock.GetUtcNow();
        var from = to.AddHours(-window);
        var bucket = TimeSpan.FromHours(window) / Buckets;

        var jobs = await db.Jobs.GroupBy(j => j.CurrentState).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var runs = await db.Runs.Where(r => r.ScheduledFor >= from && r.ScheduledFor < to)
            .GroupBy(r => r.CurrentState).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var fires = await db.Fires.Where(f => f.ScheduledFor >= from && f.ScheduledFor < to)
            .GroupBy(f => f.Kind).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var lateness = await db.Database.SqlQueryRaw<SeriesPoint>(FireLateness, bucket, from, to).ToListAsync(cancellationToken);
        var startDelay = await db.Database.SqlQueryRaw<SeriesPoint>(StartDelay, bucket, from, to).ToListAsync(cancellationToken);

        var ended = Count(runs, RunStates.Succeeded) + Count(runs, RunStates.DeadLettered) + Count(runs, RunStates.TimedOut);
        var known = workers.Snapshot();
        var (queueDepths, queuesProblem) = await queues.ReadAsync(cancellationToken);
        return TypedResults.Ok(new PlatformStats
        {
            From = from,
            To = to,
            Jobs = jobs,
            Runs = runs,
            SuccessRate = ended == 0 ? null : (double)Count(runs, RunStates.Succeeded) / ended,
            Fires = new FireCounts(Count(fires, "OnTime"), Count(fires, "Misfired") + Count(fires, "CaughtUp"),
                Count(fires, "Missed") + Count(fires, "Coalesced")),
            FireLateness = lateness,
            StartDelay = startDelay,
            Bucket = bucket,
            OpenBreakers = OpenBreaker.Of(known).ToList(),
            Workers = known.GroupBy(w => w.Status).ToDictionary(g => g.Key, g => g.Count()),
            Queues = queueDepths,
            QueuesProblem = queuesProblem,
        });
    }

    static int Count(Dictionary<string, int> counts, string key) => counts.GetValueOrDefault(key);
}
