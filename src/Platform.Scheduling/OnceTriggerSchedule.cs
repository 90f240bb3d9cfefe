namespace Platform.Scheduling;

/// <summary>A <c>Once</c> trigger: one occurrence at <c>runAt</c>.</summary>
internal sealed class OnceTriggerSchedule(DateTimeOffset runAt) : ITriggerSchedule
{
    readonly DateTimeOffset _runAt = runAt.ToUniversalTime();

    public DateTimeOffset? Next(DateTimeOffset afterExclusive) => _runAt > afterExclusive ? _runAt : null;

    public IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive) =>
        _runAt > fromExclusive && _runAt <= toInclusive ? [_runAt] : [];
}
