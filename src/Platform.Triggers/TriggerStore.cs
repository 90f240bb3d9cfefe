using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>
/// Changes triggers inside the caller's unit of work (its DbContext and transaction), so a trigger changes together with
/// the job state that decided the change. Each change notifies the engines (PostgreSQL NOTIFY, delivered on commit),
/// which then claim it at once instead of at their next poll.
/// </summary>
public sealed class TriggerStore(ITriggerTimesFactory times)
{
    public const string NotificationChannel = "platform_triggers";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates or replaces a job's trigger at <paramref name="version"/>; a claimed occurrence of an older version
    /// will not fire. Returns the first occurrence, or null when the trigger has none (e.g. endAt has passed). A Once
    /// trigger whose runAt has passed is due at once (its misfire policy applies when it is very late).</summary>
    public async Task<DateTimeOffset?> UpsertAsync(DbContext db, Guid jobId, int version, JobTrigger trigger, MisfirePolicy misfire,
        DateTimeOffset now, bool paused, CancellationToken cancellationToken)
    {
        var first = trigger.Kind == TriggerKind.Once ? trigger.RunAt?.ToStored() : new StoredTimes(times.Create(trigger, now)).NextAfter(now.AddTicks(-1));
        var record = await db.Set<TriggerRecord>().SingleOrDefaultAsync(t => t.JobId == jobId, cancellationToken);
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
        await NotifyAsync(db, cancellationToken);
        return first;
    }

    /// <summary>Stops firing until <see cref="ResumeAsync"/>; the next occurrence is kept, so what passes meanwhile is a
    /// misfire when the trigger resumes.</summary>
    public static Task PauseAsync(DbContext db, Guid jobId, CancellationToken cancellationToken) =>
        SetStateAsync(db, jobId, TriggerState.Paused, cancellationToken);

    /// <summary>Fires again; occurrences that passed while paused follow the job's misfire policy.</summary>
    public static Task ResumeAsync(DbContext db, Guid jobId, CancellationToken cancellationToken) =>
        SetStateAsync(db, jobId, TriggerState.Scheduled, cancellationToken);

    public static async Task RemoveAsync(DbContext db, Guid jobId, CancellationToken cancellationToken)
    {
        var record = await db.Set<TriggerRecord>().SingleOrDefaultAsync(t => t.JobId == jobId, cancellationToken);
        if (record is not null)
            db.Remove(record);
        await NotifyAsync(db, cancellationToken);
    }

    static async Task SetStateAsync(DbContext db, Guid jobId, TriggerState state, CancellationToken cancellationToken)
    {
        var record = await db.Set<TriggerRecord>().SingleOrDefaultAsync(t => t.JobId == jobId, cancellationToken);
        if (record is null)
            return;
        record.State = state;
        record.ClaimedBy = null;
        record.ClaimExpiresAt = null;
        await NotifyAsync(db, cancellationToken);
    }

    static async Task NotifyAsync(DbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"select pg_notify({NotificationChannel}, '')", cancellationToken);
}
