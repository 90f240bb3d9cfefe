using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Api.Authentication;

namespace Platform.Api.ReadModel;

/// <summary>
/// The queries behind the API's read routes: jobs, the run history, the audit trail and the fire log, filtered and paged
/// newest first with a continuation (keyset paging on the listing's time and id, so a page never skips or repeats an item
/// when rows arrive meanwhile). Read only.
/// </summary>
public sealed class SchedulerHistory(SchedulerReadDbContext db)
{
    static readonly Expression<Func<RunRow, RunSummary>> RunSummaryOf = r => new RunSummary
    {
        RunId = r.RunId,
        JobId = r.JobId,
        JobVersion = r.JobVersion,
        JobType = r.JobType,
        State = r.CurrentState,
        Cause = r.Cause,
        Priority = r.Priority,
        Attempt = r.Attempt,
        Replay = r.Replay,
        ScheduledFor = r.ScheduledFor,
        FiredAt = r.FiredAt,
        QueuedAt = r.QueuedAt,
        StartedAt = r.StartedAt,
        FinishedAt = r.FinishedAt,
        NextAttemptAt = r.NextAttemptAt,
        LastHeartbeatAt = r.LastHeartbeatAt,
        Progress = r.Progress,
        ProgressMessage = r.ProgressMessage,
        Worker = r.Worker,
        Error = r.Error,
        TimedOut = r.TimedOut,
        CancelRequested = r.CancelRequested,
    };

    static readonly Func<RunRow, RunSummary> ToRunSummary = RunSummaryOf.Compile();

    Expression<Func<JobRow, JobSummary>> JobSummaryOf => j => new JobSummary
    {
        JobId = j.JobId,
        JobType = j.JobType,
        State = j.CurrentState,
        Version = j.Version,
        TriggerKind = j.TriggerKind,
        Owner = j.Owner,
        CreatedAt = j.CreatedAt,
        UpdatedAt = j.UpdatedAt,
        NextRunAt = db.Triggers.Where(t => t.JobId == j.JobId).Select(t => t.NextFireAt).FirstOrDefault(),
        ActiveRuns = j.ActiveRuns,
        LastRun = j.LastRunId == null ? null : new LastRun(j.LastRunId.Value, j.LastRunOutcome, j.LastRunScheduledFor, j.LastRunFinishedAt),
    };

    public Task<bool> JobExistsAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.Jobs.AnyAsync(j => j.JobId == jobId, cancellationToken);

    /// <summary>Those of <paramref name="jobIds"/> that are jobs of owners the caller's key may not act for (none when it
    /// may act for every owner): a key limited to owners must not redefine another owner's job by its id.</summary>
    public async Task<IReadOnlyList<Guid>> OwnedElsewhereAsync(IReadOnlyList<Guid> jobIds, OwnerScope scope, CancellationToken cancellationToken)
    {
        if (scope.Owners is not { } owners || jobIds.Count == 0)
            return [];
        return await db.Jobs.IgnoreQueryFilters().Where(j => jobIds.Contains(j.JobId) && (j.Owner == null || !owners.Contains(j.Owner)))
            .Select(j => j.JobId).ToListAsync(cancellationToken);
    }

    /// <summary>Those of <paramref name="jobIds"/> that the scheduler does not know.</summary>
    public async Task<IReadOnlyList<Guid>> UnknownJobsAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken)
    {
        var known = await db.Jobs.Where(j => jobIds.Contains(j.JobId)).Select(j => j.JobId).ToListAsync(cancellationToken);
        return jobIds.Except(known).ToList();
    }

    /// <summary>Listings count their matches up to this many; beyond it <see cref="Page{T}.Total"/> is null.</summary>
    public const int TotalCap = 10_000;

    public async Task<Page<JobSummary>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var jobs = db.Jobs
            .WhereAnyOf(query.States, states => j => states.Contains(j.CurrentState))
            .WhereGiven(query.JobType, jobType => j => j.JobType == jobType)
            .WhereGiven(query.Owner, owner => j => j.Owner == owner);
        if (query.Tags is { Count: > 0 } tags)
        {
            var contained = JsonSerializer.Serialize(new { tags });
            jobs = jobs.Where(j => EF.Functions.JsonContains(j.Definition, contained));
        }

        if (query.Text is { } text)
        {
            var pattern = $"%{text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal)}%";
            jobs = jobs.Where(j => EF.Functions.ILike(j.JobType, pattern) || EF.Functions.ILike(j.Owner ?? "", pattern)
                || EF.Functions.ILike(j.JobId.ToString(), pattern));
        }

        // Counted up to a cap: an exact count of a million jobs would cost more than the page itself.
        var counted = await jobs.Take(TotalCap + 1).CountAsync(cancellationToken);
        int? total = counted > TotalCap ? null : counted;
        if (query.Sort is { IsDefault: false } sort)
        {
            var offset = query.After is { } position && position.TryGetInt64(out var skip) ? (int)skip : 0;
            var sorted = await sort.Apply(jobs, db.Triggers).Skip(offset).Take(query.Limit + 1).Select(JobSummaryOf).ToListAsync(cancellationToken);
            var index = offset;
            return PageOf(sorted, query.Limit, _ => new Continuation(DateTimeOffset.UnixEpoch,
                (index + query.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture))) with { Total = total };
        }

        if (query.After is { } after && after.TryGetGuid(out var afterId))
            jobs = jobs.Where(j => EF.Functions.LessThan(ValueTuple.Create(j.CreatedAt, j.JobId), ValueTuple.Create(after.At, afterId)));

        var items = await jobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.JobId)
            .Take(query.Limit + 1)
            .Select(JobSummaryOf)
            .ToListAsync(cancellationToken);
        return PageOf(items, query.Limit, j => new Continuation(j.CreatedAt, j.JobId.ToString("D"))) with { Total = total };
    }

    public async Task<JobDetail?> GetJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var summary = await db.Jobs.Where(j => j.JobId == jobId).Select(JobSummaryOf).SingleOrDefaultAsync(cancellationToken);
        if (summary is null)
            return null;
        var rest = await db.Jobs.Where(j => j.JobId == jobId)
            .Select(j => new
            {
                j.Definition,
                j.DependsOn,
                j.QueuedOccurrences,
                j.TriggerExhausted,
                j.EventType,
                j.EventKey,
                Trigger = db.Triggers.Where(t => t.JobId == j.JobId).Select(t => new { t.State, t.FireCount }).FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);
        return new JobDetail(summary)
        {
            Definition = Json(rest.Definition),
            TriggerState = rest.Trigger?.State,
            FireCount = rest.Trigger?.FireCount,
            TriggerExhausted = rest.TriggerExhausted,
            EventType = rest.EventType,
            EventKey = rest.EventKey,
            DependsOn = rest.DependsOn is null ? [] : JsonSerializer.Deserialize<Guid[]>(rest.DependsOn) ?? [],
            QueuedOccurrences = QueuedInstants(rest.QueuedOccurrences),
        };
    }

    public async Task<Page<RunSummary>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        var runs = db.Runs
            .WhereGiven(query.JobId, jobId => r => r.JobId == jobId)
            .WhereAnyOf(query.States, states => r => states.Contains(r.CurrentState))
            .WhereGiven(query.JobType, jobType => r => r.JobType == jobType)
            .WhereGiven(query.Cause, cause => r => r.Cause == cause)
            .WhereGiven(query.From, from => r => r.ScheduledFor >= from)
            .WhereGiven(query.To, to => r => r.ScheduledFor < to);
        if (query.After is { } after && after.TryGetGuid(out var afterId))
            runs = runs.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.ScheduledFor, r.RunId), ValueTuple.Create(after.At, afterId)));

        var items = await runs.OrderByDescending(r => r.ScheduledFor).ThenByDescending(r => r.RunId)
            .Take(query.Limit + 1)
            .Select(RunSummaryOf)
            .ToListAsync(cancellationToken);
        return PageOf(items, query.Limit, r => new Continuation(r.ScheduledFor, r.RunId.ToString("D")));
    }

    public async Task<RunDetail?> GetRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var row = await db.Runs.SingleOrDefaultAsync(r => r.RunId == runId, cancellationToken);
        if (row is null)
            return null;
        return new RunDetail(ToRunSummary(row))
        {
            Definition = Json(row.Definition),
            EventPayload = row.EventPayload is null ? null : Json(row.EventPayload),
            DependsOn = row.DependsOn is null ? [] : JsonSerializer.Deserialize<Guid[]>(row.DependsOn) ?? [],
            DependencyCheck = row.DependencyCheck,
            MaxStartDelay = row.MaxStartDelay,
            MaxRunDuration = row.MaxRunDuration,
            CompleteBy = row.CompleteBy,
        };
    }

    public async Task<Page<AuditEntry>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var audit = db.Audit
            .WhereGiven(query.JobId, jobId => a => a.JobId == jobId)
            .WhereGiven(query.Command, command => a => a.Command == command)
            .WhereGiven(query.Accepted, accepted => a => a.Accepted == accepted)
            .WhereGiven(query.Sender, sender => a => a.Sender == sender)
            .WhereGiven(query.From, from => a => a.ReceivedAt >= from)
            .WhereGiven(query.To, to => a => a.ReceivedAt < to);
        if (query.After is { } after && after.TryGetInt64(out var afterId))
            audit = audit.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.ReceivedAt, a.Id), ValueTuple.Create(after.At, afterId)));

        var rows = await audit.OrderByDescending(a => a.ReceivedAt).ThenByDescending(a => a.Id)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);
        var items = rows.Select(a => new AuditEntry(a.Id, a.ReceivedAt, a.Command, a.JobId, a.Sender, a.MessageId, a.Accepted, Json(a.Outcome))).ToList();
        return PageOf(items, query.Limit, a => new Continuation(a.ReceivedAt, a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public async Task<Page<FireEntry>> ListFiresAsync(FireQuery query, CancellationToken cancellationToken)
    {
        var fires = db.Fires.Where(f => f.JobId == query.JobId)
            .WhereAnyOf(query.Kinds, kinds => f => kinds.Contains(f.Kind))
            .WhereGiven(query.From, from => f => f.ScheduledFor >= from)
            .WhereGiven(query.To, to => f => f.ScheduledFor < to);
        if (query.After is { } after)
            fires = fires.Where(f => f.ScheduledFor < after.At);

        var items = await fires.OrderByDescending(f => f.ScheduledFor)
            .Take(query.Limit + 1)
            .Select(f => new FireEntry(f.ScheduledFor, f.FiredAt, f.Kind, f.Version, f.Instance))
            .ToListAsync(cancellationToken);
        return PageOf(items, query.Limit, f => new Continuation(f.ScheduledFor, query.JobId.ToString("D")));
    }

    /// <summary>The items were read with one more than the limit: that one says whether a next page exists.</summary>
    static Page<T> PageOf<T>(List<T> items, int limit, Func<T, Continuation> continuationOf)
    {
        if (items.Count <= limit)
            return new Page<T>(items, null);
        items.RemoveAt(limit);
        return new Page<T>(items, continuationOf(items[^1]).Encode());
    }

    /// <summary>The queue's instants: each element is an instant, or <c>{"at", "cause"}</c> for one queued with its own
    /// cause (a backfill's).</summary>
    static DateTimeOffset[] QueuedInstants(string json) =>
        (System.Text.Json.Nodes.JsonNode.Parse(json)?.AsArray() ?? [])
            .Select(node => node is System.Text.Json.Nodes.JsonObject entry ? entry["at"]!.GetValue<DateTimeOffset>() : node!.GetValue<DateTimeOffset>())
            .ToArray();

    internal static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
