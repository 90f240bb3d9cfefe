using Platform.Contracts;
using Platform.Triggers;

namespace Platform.Bench.Firing;

/// <summary>The bench schedules Once triggers only.</summary>
public sealed class OnceTimesFactory : ITriggerTimesFactory
{
    public ITriggerTimes Create(JobTrigger trigger, DateTimeOffset anchor) => new Once(trigger.RunAt!.Value);

    sealed class Once(DateTimeOffset runAt) : ITriggerTimes
    {
        public DateTimeOffset? NextAfter(DateTimeOffset afterExclusive) => runAt > afterExclusive ? runAt : null;
    }
}
