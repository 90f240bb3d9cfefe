using System.Diagnostics.CodeAnalysis;

namespace Platform.Scheduling;

/// <summary>
/// When a time-based trigger (<c>Once</c>, <c>Interval</c>, <c>Cron</c>) fires, computed from the trigger alone; made by
/// <see cref="TriggerSchedules.Create"/>. Every instant returned is UTC (offset zero). <c>maxRuns</c> is not applied here:
/// the engine counts the runs it has fired and stops at <c>maxRuns</c>; this only knows <c>startAt</c> and <c>endAt</c>.
/// </summary>
public interface ITriggerSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="afterExclusive"/>; null when there are no more
    /// (past <c>endAt</c>, or a <c>Once</c> trigger whose instant has passed).</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Next is a keyword in Visual Basic only; no VB code implements this.")]
    DateTimeOffset? Next(DateTimeOffset afterExclusive);

    /// <summary>Every occurrence in (<paramref name="fromExclusive"/>, <paramref name="toInclusive"/>], oldest first, such as
    /// those missed while the scheduler was down (the misfire policy decides what to do with them). Lazy: take only what
    /// you need.</summary>
    IEnumerable<DateTimeOffset> Between(DateTimeOffset fromExclusive, DateTimeOffset toInclusive);
}
