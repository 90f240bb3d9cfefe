namespace Platform.Scheduling;

/// <summary>A change of a time zone's UTC offset: at <see cref="Instant"/> (UTC ticks) the offset goes from
/// <see cref="OffsetBefore"/> to <see cref="OffsetAfter"/> (ticks). Spring-forward when it grows, fall-back when it shrinks.</summary>
internal readonly record struct OffsetTransition(long Instant, long OffsetBefore, long OffsetAfter);
