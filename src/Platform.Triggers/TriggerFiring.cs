using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Platform.Triggers;

/// <summary>
/// Fires a batch of due occurrences in one transaction: plans each (<see cref="FirePlanner"/>: on time, or by misfire
/// policy), advances every trigger this instance still holds at the same version and occurrence (a trigger with no next
/// occurrence is deleted), logs the occurrences of exactly those in <c>fires</c> (unique per job and occurrence, so a
/// second fire cannot commit), lets the application add its rows and outbox messages
/// (<see cref="ITriggerFireHandler{TDbContext}"/>), and commits. Returns the occurrences to hold next.
/// </summary>
internal sealed partial class TriggerFiring<TDbContext>(
    IServiceScopeFactory scopes,
    TriggerEngineOptions options,
    string instance,
    IEnumerable<ITriggerFireObserver> observers,
    TimeProvider clock,
    ILogger logger)
    where TDbContext : DbContext
{
    /// <summary>Fires <paramref name="batch"/>; when that fails, each occurrence on its own, so one bad occurrence does not
    /// hold back the others. An occurrence that cannot be fired keeps its claim: this or another instance retries it once
    /// the lease expires.</summary>
    public async Task<IReadOnlyList<Claimed>> FireWithRetryAsync(List<Claimed> batch, CancellationToken stoppingToken)
    {
        try
        {
            return await FireAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return [];
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            LogBatchFailed(exception, batch.Count);
            var next = new List<Claimed>();
            foreach (var entry in batch)
                next.AddRange(await FireWithRetryAsync([entry], stoppingToken));
            return next;
        }
        catch (Exception exception)
        {
            using (logger.BeginJobScope(batch[0].JobId))
                LogFireFailed(exception, batch[0].JobId, batch[0].Due);
            return [];
        }
    }

    async Task<IReadOnlyList<Claimed>> FireAsync(List<Claimed> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var plans = batch.Select(e => (Entry: e, Plan: FirePlanner.Plan(e.Due, e.Misfire, e.MaxRuns, e.FireCount, e.Times, now,
            options.MisfireThreshold, options.CatchUpLimit, options.MissedLimit))).ToList();
        var keepUntil = now + options.Lookahead;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var handler = scope.ServiceProvider.GetRequiredService<ITriggerFireHandler<TDbContext>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;

        var candidates = new List<TriggerFire>();
        foreach (var (entry, plan) in plans)
        {
            for (var i = 0; i < plan.Fires.Count; i++)
                candidates.Add(new TriggerFire(entry.JobId, entry.Version, plan.Fires[i].ScheduledFor, plan.Fires[i].Kind, now,
                    IsLast: plan.Next is null && i == plan.Fires.Count - 1, FiredRuns: entry.FireCount + plan.Runs, entry.Scheduling, entry.Once));
        }

        var advanced = await AdvanceAsync(db, (NpgsqlTransaction)transaction.GetDbTransaction(), plans, candidates, now, keepUntil, cancellationToken);
        var fires = candidates.Where(f => advanced.Contains(f.JobId)).ToList();
        if (fires.Count > 0)
        {
            await handler.HandleAsync(db, fires, cancellationToken);
            if (db.ChangeTracker.HasChanges())
                await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var committedAt = clock.GetUtcNow();
        foreach (var observer in observers)
            observer.Committed(fires, committedAt);
        if (advanced.Count < batch.Count)
            LogLostClaims(batch.Count - advanced.Count);

        return plans
            .Where(p => advanced.Contains(p.Entry.JobId) && p.Plan.Next is { } next && next <= keepUntil)
            .Select(p => p.Entry with { Due = p.Plan.Next!.Value.ToStored(), FireCount = p.Entry.FireCount + p.Plan.Runs })
            .ToList();
    }

    /// <summary>One round trip: advance (or delete, when it has no next occurrence) every trigger this instance still holds
    /// at the same version and occurrence, and log the occurrences of exactly those. Returns the jobs that fired.</summary>
    async Task<HashSet<Guid>> AdvanceAsync(TDbContext db, NpgsqlTransaction transaction, List<(Claimed Entry, FirePlan Plan)> plans,
        List<TriggerFire> fires, DateTimeOffset now, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var triggers = TriggerTables<TDbContext>.Triggers(db);
        const string held = "t.job_id = u.job_id and t.version = u.version and t.next_fire_at = u.due and t.claimed_by = @me and t.state = 'Scheduled'";
        var sql = $"""
            with u as (select * from unnest(@ids, @versions, @due, @next, @runs, @keep) as u(job_id, version, due, next, runs, keep)),
            advanced as (
                update {triggers} t set
                    next_fire_at = u.next,
                    fire_count = t.fire_count + u.runs,
                    claimed_by = case when u.keep then @me else null end,
                    claim_expires_at = case when u.keep then @expires else null end
                from u where {held} and u.next is not null
                returning t.job_id),
            exhausted as (
                delete from {triggers} t using u where {held} and u.next is null
                returning t.job_id),
            fired as (select job_id from advanced union all select job_id from exhausted),
            logged as (
                insert into {TriggerTables<TDbContext>.Fires(db)} (job_id, scheduled_for, version, fired_at, kind, instance)
                select f.job_id, f.scheduled_for, f.version, @fired_at, f.kind, @me
                from unnest(@fire_ids, @fire_scheduled, @fire_versions, @fire_kinds) as f(job_id, scheduled_for, version, kind)
                where f.job_id in (select job_id from fired))
            select job_id from fired
            """;
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", plans.Select(p => p.Entry.JobId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", plans.Select(p => p.Entry.Version).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("due", plans.Select(p => p.Entry.Due.UtcDateTime).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = plans.Select(p => p.Plan.Next is { } n ? (object)n.ToStored().UtcDateTime : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<int[]>("runs", plans.Select(p => p.Plan.Runs).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("keep", plans.Select(p => p.Plan.Next is { } n && n <= keepUntil).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string>("me", instance));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("expires", (now + options.Lease).UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("fire_ids", fires.Select(f => f.JobId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("fire_scheduled", fires.Select(f => f.ScheduledFor.ToStored().UtcDateTime).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("fire_versions", fires.Select(f => f.Version).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("fire_kinds", fires.Select(f => f.Kind.ToString()).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("fired_at", now.UtcDateTime));

        var advanced = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            advanced.Add(reader.GetGuid(0));
        return advanced;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing a batch of {Count} failed; firing them one by one")]
    partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing job {JobId} for {Due:O} failed; it will be retried when its claim expires")]
    partial void LogFireFailed(Exception exception, Guid jobId, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} claimed occurrence(s) changed or were taken over before firing; skipped")]
    partial void LogLostClaims(int count);
}
