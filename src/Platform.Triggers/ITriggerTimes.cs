using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>The occurrences of one trigger (Once, Interval or Cron).</summary>
public interface ITriggerTimes
{
    /// <summary>The first occurrence strictly after <paramref name="afterExclusive"/>, or null when there is none.</summary>
    DateTimeOffset? NextAfter(DateTimeOffset afterExclusive);
}

/// <summary>Reads a <see cref="JobTrigger"/> into its occurrences.</summary>
public interface ITriggerTimesFactory
{
    /// <param name="trigger">A Once, Interval or Cron trigger.</param>
    /// <param name="anchor">Where an Interval without startAt counts from.</param>
    ITriggerTimes Create(JobTrigger trigger, DateTimeOffset anchor);
}
