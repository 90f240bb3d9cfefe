using Platform.Scheduling;

namespace Platform.Triggers;

/// <summary>A trigger's schedule at the precision PostgreSQL stores (whole microseconds). Without this, an occurrence
/// computed at 100 ns precision would compare as "after" the same occurrence read back from the database, and fire
/// twice.</summary>
internal sealed class StoredTimes(ITriggerSchedule inner) : ITriggerSchedule
{
    /// <summary>The schedule of a validated time trigger (<see cref="TriggerSchedules.Create"/>), at stored precision.</summary>
    public static StoredTimes Of(Platform.Contracts.JobTrigger trigger, DateTimeOffset anchor) => new(TriggerSchedules.Create(trigger, anchor));

    public DateTimeOffset? Next(DateTimeOffset afterExclusive)
    {
        var after = afterExclusive.ToStored();
        var next = inner.Next(afterExclusive);
        while (next is { } candidate && candidate.ToStored() <= after)
            next = inner.Next(candidate);
        return next?.ToStored();
    }

    public IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        OccurrenceSequence.Walk(Next, fromExclusive, toInclusive);
}
