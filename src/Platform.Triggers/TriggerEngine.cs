using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>
/// Fires triggers on time, exactly once per occurrence, across any number of instances.
/// <list type="number">
/// <item>Claim: occurrences due within <see cref="TriggerEngineOptions.Lookahead"/> are claimed in batches
/// (<c>FOR UPDATE SKIP LOCKED</c>) with a lease, and held in memory.</item>
/// <item>Fire: a timer wakes at the earliest one (sleeping, then spinning for the last instant); everything due is fired
/// in one transaction that advances each trigger only if this instance still holds it at the same version and
/// occurrence, logs each occurrence in <c>fires</c> (unique per job and occurrence) and lets the application add its
/// own rows and outbox messages (<see cref="ITriggerFireHandler{TDbContext}"/>).</item>
/// <item>Fail over: an instance that dies stops renewing nothing; its claims expire after
/// <see cref="TriggerEngineOptions.Lease"/> and another instance claims and fires them (late ones by misfire policy).</item>
/// </list>
/// </summary>
public sealed partial class TriggerEngine<TDbContext> : BackgroundService
    where TDbContext : DbContext
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly IServiceScopeFactory _scopes;
    readonly TriggerEngineOptions _options;
    readonly ITriggerTimesFactory _times;
    readonly TimeProvider _clock;
    readonly IEnumerable<ITriggerFireObserver> _observers;
    readonly ILogger<TriggerEngine<TDbContext>> _logger;
    readonly string _instance;

    readonly Lock _lock = new();
    readonly PriorityQueue<Claimed, DateTimeOffset> _due = new();
    readonly Dictionary<Guid, Claimed> _held = [];
    readonly AsyncSignal _claimSignal = new();
    readonly AsyncSignal _fireSignal = new();
    readonly SemaphoreSlim _inFlight;
    readonly List<Task> _firing = [];
    DateTimeOffset _lastCleanup;

    public TriggerEngine(IServiceScopeFactory scopes, IOptions<TriggerEngineOptions> options, ITriggerTimesFactory times, TimeProvider clock,
        IEnumerable<ITriggerFireObserver> observers, ILogger<TriggerEngine<TDbContext>> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _times = times;
        _clock = clock;
        _observers = observers;
        _logger = logger;
        _instance = string.IsNullOrWhiteSpace(_options.InstanceId) ? $"{Environment.MachineName}/{Environment.ProcessId}" : _options.InstanceId;
        _lastCleanup = clock.GetUtcNow();
        _inFlight = new SemaphoreSlim(_options.ConcurrentBatches, _options.ConcurrentBatches);
    }

    public string InstanceId => _instance;

    /// <summary>Occurrences this instance holds in memory, waiting for their time.</summary>
    public int Held
    {
        get
        {
            lock (_lock)
                return _held.Count;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            Task.Run(() => ClaimLoopAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => FireLoopAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => ListenLoopAsync(stoppingToken), CancellationToken.None));

    // ------------------------------------------------------------------ claiming

    async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                var claimed = await ClaimAsync(stoppingToken);
                full = claimed >= _options.ClaimBatchSize;
                await CleanupFireLogAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogClaimFailed(exception);
            }

            if (!full)
                await _claimSignal.WaitAsync(Task.Delay(_options.PollInterval, _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default));
        }
    }

    async Task<int> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var table = Table<TriggerRecord>(db);
        var now = _clock.GetUtcNow();
        var sql = $"""
            with candidates as (
                select job_id from {table}
                where state = 'Scheduled' and next_fire_at <= @horizon and (claimed_by is null or claim_expires_at < @now)
                order by next_fire_at
                limit @batch
                for update skip locked)
            update {table} t set claimed_by = @me, claim_expires_at = @expires
            from candidates c where t.job_id = c.job_id
            returning t.job_id, t.version, t.trigger, t.anchor, t.misfire, t.max_runs, t.fire_count, t.next_fire_at
            """;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", (now + _options.Lookahead).UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<int>("batch", _options.ClaimBatchSize));
        command.Parameters.Add(new NpgsqlParameter<string>("me", _instance));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("expires", (now + _options.Lease).UtcDateTime));

        var claimed = new List<Claimed>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var jobId = reader.GetGuid(0);
                try
                {
                    var trigger = JsonSerializer.Deserialize<JobTrigger>(reader.GetString(2), Json)
                        ?? throw new InvalidOperationException("empty trigger");
                    claimed.Add(new Claimed(jobId, reader.GetInt32(1), Enum.Parse<MisfirePolicy>(reader.GetString(4)),
                        reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetInt32(6),
                        new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero),
                        new StoredTimes(_times.Create(trigger, new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)))));
                }
                catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
                {
                    LogUnreadableTrigger(exception, jobId);
                }
            }
        }

        if (claimed.Count > 0)
        {
            lock (_lock)
            {
                foreach (var entry in claimed)
                    Hold(entry);
            }

            _fireSignal.Set();
        }

        return claimed.Count;
    }

    void Hold(Claimed entry)
    {
        _held[entry.JobId] = entry;
        _due.Enqueue(entry, entry.Due);
    }

    async Task CleanupFireLogAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (now - _lastCleanup < TimeSpan.FromMinutes(5))
            return;
        _lastCleanup = now;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"delete from {Table<FireRecord>(db)} where fired_at < @cutoff", connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", (now - _options.FireLogRetention).UtcDateTime));
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
            LogFireLogCleaned(deleted);
    }

    async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                string connectionString;
                await using (var scope = _scopes.CreateAsyncScope())
                    connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()!;
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => _claimSignal.Set();
                await using (var listen = new NpgsqlCommand($"listen {TriggerStore.NotificationChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    // ------------------------------------------------------------------ firing

    async Task FireLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next;
            lock (_lock)
                next = NextDue();

            var now = _clock.GetUtcNow();
            if (next is null || next.Value - now > _options.SpinWindow)
            {
                var sleep = next is null ? _options.PollInterval : next.Value - now - _options.SpinWindow;
                await _fireSignal.WaitAsync(Task.Delay(sleep, _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default));
                continue;
            }

            while (_clock.GetUtcNow() < next.Value && !stoppingToken.IsCancellationRequested)
                Thread.SpinWait(50);

            List<Claimed> batch;
            lock (_lock)
                batch = TakeDue(_clock.GetUtcNow());
            if (batch.Count == 0)
                continue;

            // Batches of different jobs are independent: while one commits, the next due ones fire beside it.
            try
            {
                await _inFlight.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var firing = Task.Run(async () =>
            {
                try
                {
                    await FireWithRetryAsync(batch, stoppingToken);
                }
                finally
                {
                    _inFlight.Release();
                }
            }, CancellationToken.None);
            lock (_lock)
            {
                _firing.RemoveAll(t => t.IsCompleted);
                _firing.Add(firing);
            }
        }

        Task[] pending;
        lock (_lock)
            pending = [.. _firing];
        await Task.WhenAll(pending);
    }

    /// <summary>The earliest held occurrence; entries replaced or dropped since they were queued are skipped.</summary>
    DateTimeOffset? NextDue()
    {
        while (_due.TryPeek(out var entry, out var due))
        {
            if (_held.TryGetValue(entry.JobId, out var current) && ReferenceEquals(current, entry))
                return due;
            _due.Dequeue();
        }

        return null;
    }

    List<Claimed> TakeDue(DateTimeOffset now)
    {
        var batch = new List<Claimed>();
        while (batch.Count < _options.FireBatchSize && NextDue() is { } due && due <= now)
        {
            var entry = _due.Dequeue();
            _held.Remove(entry.JobId);
            batch.Add(entry);
        }

        return batch;
    }

    async Task FireWithRetryAsync(List<Claimed> batch, CancellationToken stoppingToken)
    {
        try
        {
            await FireAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad occurrence must not hold back the others: fire them one by one.
            LogBatchFailed(exception, batch.Count);
            foreach (var entry in batch)
                await FireWithRetryAsync([entry], stoppingToken);
        }
        catch (Exception exception)
        {
            // Keep the claim (it expires): this or another instance retries after the lease.
            LogFireFailed(exception, batch[0].JobId, batch[0].Due);
        }
    }

    async Task FireAsync(List<Claimed> batch, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var plans = batch.Select(e => (Entry: e, Plan: FirePlanner.Plan(e.Due, e.Misfire, e.MaxRuns, e.FireCount, e.Times, now,
            _options.MisfireThreshold, _options.CatchUpLimit, _options.MissedLimit))).ToList();
        var keepUntil = now + _options.Lookahead;

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var handler = scope.ServiceProvider.GetRequiredService<ITriggerFireHandler<TDbContext>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var dbTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();

        var candidates = new List<TriggerFire>();
        foreach (var (entry, plan) in plans)
        {
            for (var i = 0; i < plan.Fires.Count; i++)
                candidates.Add(new TriggerFire(entry.JobId, entry.Version, plan.Fires[i].ScheduledFor, plan.Fires[i].Kind, now,
                    IsLast: plan.Next is null && i == plan.Fires.Count - 1, FiredRuns: entry.FireCount + plan.Runs));
        }

        var advanced = await AdvanceAsync(db, connection, dbTransaction, plans, candidates, now, keepUntil, cancellationToken);
        var fires = candidates.Where(f => advanced.Contains(f.JobId)).ToList();
        if (fires.Count > 0)
        {
            await handler.HandleAsync(db, fires, cancellationToken);
            if (db.ChangeTracker.HasChanges())
                await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var committedAt = _clock.GetUtcNow();
        foreach (var observer in _observers)
            observer.Committed(fires, committedAt);

        var kept = false;
        lock (_lock)
        {
            foreach (var (entry, plan) in plans)
            {
                if (advanced.Contains(entry.JobId) && plan.Next is { } nextDue && nextDue <= keepUntil && !_held.ContainsKey(entry.JobId))
                {
                    Hold(entry with { Due = nextDue.ToStored(), FireCount = entry.FireCount + plan.Runs });
                    kept = true;
                }
            }
        }

        if (kept)
            _fireSignal.Set();
        if (advanced.Count < batch.Count)
            LogLostClaims(batch.Count - advanced.Count);
    }

    /// <summary>One round trip: advance every trigger this instance still holds at the same version and occurrence, and
    /// log the occurrences of exactly those (the log's key makes a second fire of an occurrence impossible). Returns the
    /// jobs that advanced.</summary>
    async Task<HashSet<Guid>> AdvanceAsync(TDbContext db, NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<(Claimed Entry, FirePlan Plan)> plans, List<TriggerFire> fires, DateTimeOffset now, DateTimeOffset keepUntil,
        CancellationToken cancellationToken)
    {
        var sql = $"""
            with advanced as (
                update {Table<TriggerRecord>(db)} t set
                    next_fire_at = u.next,
                    fire_count = t.fire_count + u.runs,
                    claimed_by = case when u.keep then @me else null end,
                    claim_expires_at = case when u.keep then @expires else null end
                from unnest(@ids, @versions, @due, @next, @runs, @keep) as u(job_id, version, due, next, runs, keep)
                where t.job_id = u.job_id and t.version = u.version and t.next_fire_at = u.due
                    and t.claimed_by = @me and t.state = 'Scheduled'
                returning t.job_id),
            logged as (
                insert into {Table<FireRecord>(db)} (job_id, scheduled_for, version, fired_at, kind, instance)
                select f.job_id, f.scheduled_for, f.version, @fired_at, f.kind, @me
                from unnest(@fire_ids, @fire_scheduled, @fire_versions, @fire_kinds) as f(job_id, scheduled_for, version, kind)
                where f.job_id in (select job_id from advanced))
            select job_id from advanced
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", plans.Select(p => p.Entry.JobId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", plans.Select(p => p.Entry.Version).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("due", plans.Select(p => p.Entry.Due.UtcDateTime).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("next", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = plans.Select(p => p.Plan.Next is { } n ? (object)n.ToStored().UtcDateTime : DBNull.Value).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<int[]>("runs", plans.Select(p => p.Plan.Runs).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("keep", plans.Select(p => p.Plan.Next is { } n && n <= keepUntil).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string>("me", _instance));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("expires", (now + _options.Lease).UtcDateTime));
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

    static string Table<T>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {db.GetType().Name}: call modelBuilder.AddTriggerEntities()");
        var schema = entity.GetSchema();
        return schema is null ? $"\"{entity.GetTableName()}\"" : $"\"{schema}\".\"{entity.GetTableName()}\"";
    }

    sealed record Claimed(Guid JobId, int Version, MisfirePolicy Misfire, int? MaxRuns, int FireCount, DateTimeOffset Due, ITriggerTimes Times);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming due triggers failed; retrying")]
    partial void LogClaimFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trigger of job {JobId} cannot be read; it is left claimed and not fired")]
    partial void LogUnreadableTrigger(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for trigger changes failed; polling only until reconnected")]
    partial void LogListenFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firing a batch of {Count} failed; firing them one by one")]
    partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing job {JobId} for {Due:O} failed; it will be retried when its claim expires")]
    partial void LogFireFailed(Exception exception, Guid jobId, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} claimed occurrence(s) changed or were taken over before firing; skipped")]
    partial void LogLostClaims(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} fire log rows past retention")]
    partial void LogFireLogCleaned(int count);
}
