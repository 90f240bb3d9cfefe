using MassTransit;
using Platform.Contracts;

namespace Platform.Scheduler.Jobs;

internal static class JobStateMachineExtensions
{
    /// <summary>A job is done when its trigger has no more occurrences and every one it fired has arrived (they may be
    /// consumed after the exhaustion), no run is in progress and none is queued.</summary>
    public static bool IsDone(this JobState job) =>
        job.TriggerExhausted && job.OccurrencesReceived >= (job.OccurrencesExpected ?? 0) && job.ActiveRuns == 0 && job.QueuedOccurrences == "[]";

    /// <summary>Moves the job to <paramref name="completed"/> and publishes <see cref="JobCompleted"/> when it is done.</summary>
    public static EventActivityBinder<JobState, T> CompleteWhenDone<T>(this EventActivityBinder<JobState, T> binder, State completed)
        where T : class =>
        binder.If(c => c.Saga.IsDone(), done => done
            .Publish(c => new JobCompleted { JobId = c.Saga.CorrelationId, Reason = "the trigger has no more occurrences" })
            .TransitionTo(completed));
}
