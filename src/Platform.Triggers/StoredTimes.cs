namespace Platform.Triggers;

/// <summary>A trigger's occurrences at the precision PostgreSQL stores (whole microseconds). Without this, an occurrence
/// computed at 100 ns precision would compare as "after" the same occurrence read back from the database, and fire
/// twice.</summary>
internal sealed class StoredTimes(ITriggerTimes inner) : ITriggerTimes
{
    public DateTimeOffset? NextAfter(DateTimeOffset afterExclusive)
    {
        var after = afterExclusive.ToStored();
        var next = inner.NextAfter(afterExclusive);
        while (next is { } candidate && candidate.ToStored() <= after)
            next = inner.NextAfter(candidate);
        return next?.ToStored();
    }
}
