namespace Platform.Scheduling;

/// <summary>Walks a "next occurrence after" function through a window: the one walk behind every schedule's
/// <see cref="ITriggerSchedule.Between"/> (the trigger engine's stored-precision schedule included).</summary>
public static class OccurrenceSequence
{
    /// <summary>The occurrences in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>], oldest first, at most
    /// <paramref name="maxCount"/>, computed as they are enumerated.</summary>
    public static IEnumerable<DateTimeOffset> Walk(Func<DateTimeOffset, DateTimeOffset?> next, DateTimeOffset fromExclusive,
        DateTimeOffset toInclusive, int maxCount = int.MaxValue)
    {
        var position = fromExclusive;
        for (var count = 0; count < maxCount && next(position) is { } occurrence && occurrence <= toInclusive; count++)
        {
            if (occurrence <= position)
                throw new InvalidOperationException($"the occurrence after {position:O} came out as {occurrence:O}; a schedule must move forward");
            yield return occurrence;
            position = occurrence;
        }
    }
}
