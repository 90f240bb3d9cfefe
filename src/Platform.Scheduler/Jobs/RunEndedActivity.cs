using MassTransit;
using Platform.Scheduler.Messages;

namespace Platform.Scheduler.Jobs;

/// <summary>A run of the job ended: it no longer counts as in progress, and the oldest queued occurrence (overlap
/// policy Queue) starts now, unless the job is paused, cancelled or replaced.</summary>
public sealed class RunEndedActivity(TimeProvider clock) : StateMachineActivity<JobState, RunEnded>
{
    protected override async Task Apply(BehaviorContext<JobState, RunEnded> context)
    {
        var job = context.Saga;
        job.ActiveRuns = Math.Max(0, job.ActiveRuns - 1);
        if (job.LastRunId == context.Message.RunId || job.LastRunFinishedAt is null || context.Message.FinishedAt > job.LastRunFinishedAt)
        {
            job.LastRunOutcome = context.Message.Outcome;
            job.LastRunFinishedAt = context.Message.FinishedAt;
        }

        var queue = JobQueue.Read(job);
        if (queue.Count == 0 || job.CurrentState != JobStates.Active)
            return;
        var next = queue[0];
        queue.RemoveAt(0);
        JobQueue.Write(job, queue);
        await context.StartRun(job, next, clock.GetUtcNow(), "queued behind the previous run");
    }
}
