using Platform.Contracts;
using Platform.Scheduling;
using Platform.Triggers;

namespace Platform.Scheduler;

/// <summary>The trigger engine's occurrences come from <see cref="TriggerSchedules"/> (cron with ISC DST rules,
/// intervals in elapsed time).</summary>
public sealed class ScheduleTimesFactory : ITriggerTimesFactory
{
    public ITriggerTimes Create(JobTrigger trigger, DateTimeOffset anchor) => new Times(TriggerSchedules.Create(trigger, anchor));

    sealed class Times(ITriggerSchedule schedule) : ITriggerTimes
    {
        public DateTimeOffset? NextAfter(DateTimeOffset afterExclusive) => schedule.Next(afterExclusive);
    }
}
