using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>
/// Changes triggers inside the caller's unit of work (its DbContext and transaction), so a trigger changes together with
/// the job state that decided the change. A change that makes an occurrence due within the engines'
/// <see cref="TriggerEngineOptions.Lookahead"/> notifies them (PostgreSQL NOTIFY, delivered on commit, at most once per
/// transaction), so they claim it at once; a later one is claimed by their regular poll in time, without the notification
/// (NOTIFY serialises the commits of every transaction that sends one).
/// </summary>
public sealed class TriggerStore(IOptions<TriggerEngineOptions> options)
{
    public const string NotificationChannel = "platform_triggers";

    /// <summary>The longest W3C traceparent (version 00 is 55 characters) and tracestate (32 members) a trigger keeps.</summary>
    public const int MaxTraceParentLength = 55;

    public const int MaxTraceStateLength = 512;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly ConditionalWeakTable<IDbContextTransaction, object> _notified = [];

    /// <summary>Creates or replaces a job's trigger at <paramref name="version"/>; a claimed occurrence of an older version
    /// will not fire. Returns the first occurrence, or null when the trigger has none (e.g. endAt has passed). A Once
    /// trigger whose runAt has passed is due at once (its misfire policy applies when it is very late). Version 1 is a job's
    /// first definition: its trigger is created without looking for one. <paramref name="trace"/> is the W3C trace context
    /// (traceparent, tracestate) of the definition, which the trigger's fires link to.</summary>
    public async Task<DateTimeOffset?> UpsertAsync(DbContext db, Guid jobId, int version, JobTrigger trigger, MisfirePolicy misfire,
        DateTimeOffset now, bool paused, (string? Parent, string? State) trace, CancellationToken cancellationToken)
    {
        var first = trigger.Kind == TriggerKind.Once ? trigger.RunAt?.ToStored() : StoredTimes.Of(trigger, now).Next(now.AddTicks(-1));
        var record = version == 1 ? null : await db.Set<TriggerRecord>().FindAsync([jobId], cancellationToken);
        if (record is null)
        {
            record = new TriggerRecord { JobId = jobId };
            db.Add(record);
        }

        record.Version = version;
        record.Trigger = JsonSerializer.Serialize(trigger, Json);
        record.Anchor = now.ToStored();
        record.Misfire = misfire;
        record.MaxRuns = trigger.MaxRuns;
        record.FireCount = 0;
        record.NextFireAt = first;
        record.State = paused ? TriggerState.Paused : TriggerState.Scheduled;
        record.ClaimedBy = null;
        record.ClaimExpiresAt = null;
        record.TraceParent = trace.Parent is { Length: <= MaxTraceParentLength } ? trace.Parent : null;
        record.TraceState = record.TraceParent is not null && trace.State is { Length: <= MaxTraceStateLength } ? trace.State : null;
        if (!paused)
            await NotifyIfDueSoonAsync(db, first, now, cancellationToken);
        return first;
    }

    /// <summary>Stops firing until <see cref="ResumeAsync"/>; the next occurrence is kept, so what passes meanwhile is a
    /// misfire when the trigger resumes. An occurrence an engine holds already is not fired: its advance finds the trigger
    /// paused.</summary>
    public static async Task PauseAsync(DbContext db, Guid jobId, CancellationToken cancellationToken) =>
        await SetStateAsync(db, jobId, TriggerState.Paused, cancellationToken);

    /// <summary>Fires again; occurrences that passed while paused follow the job's misfire policy.</summary>
    public async Task ResumeAsync(DbContext db, Guid jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await SetStateAsync(db, jobId, TriggerState.Scheduled, cancellationToken) is { } record)
            await NotifyIfDueSoonAsync(db, record.NextFireAt, now, cancellationToken);
    }

    /// <summary>Removes the trigger; an occurrence an engine holds already is not fired: its advance finds no trigger.</summary>
    public static async Task RemoveAsync(DbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var record = await db.Set<TriggerRecord>().FindAsync([jobId], cancellationToken);
        if (record is not null)
            db.Remove(record);
    }

    static async Task<TriggerRecord?> SetStateAsync(DbContext db, Guid jobId, TriggerState state, CancellationToken cancellationToken)
    {
        var record = await db.Set<TriggerRecord>().FindAsync([jobId], cancellationToken);
        if (record is null)
            return null;
        record.State = state;
        record.ClaimedBy = null;
        record.ClaimExpiresAt = null;
        return record;
    }

    async Task NotifyIfDueSoonAsync(DbContext db, DateTimeOffset? due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (due is null || due > now + options.Value.Lookahead)
            return;
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null && _notified.TryGetValue(transaction, out _))
            return;
        await db.Database.ExecuteSqlAsync($"select pg_notify({NotificationChannel}, '')", cancellationToken);
        if (transaction is not null)
            _notified.AddOrUpdate(transaction, this);
    }
}
