using Platform.Contracts;
using Platform.Worker.Ledger;

namespace Platform.Worker.Execution;

/// <summary>The run events a worker publishes, built from the run and its recorded outcome (so that a redelivery can
/// publish exactly what the first delivery would have).</summary>
internal static class RunEvents
{
    public static JobRunStarted Started(ExecuteJobRun run, DateTimeOffset startedAt, string worker) => new()
    {
        JobId = run.JobId,
        RunId = run.RunId,
        Attempt = run.Attempt,
        Replay = run.Replay,
        ScheduledFor = run.ScheduledFor,
        FiredAt = run.FiredAt,
        StartedAt = startedAt,
        Worker = worker,
    };

    public static JobRunHeartbeat Heartbeat(ExecuteJobRun run, string worker) => new()
    {
        JobId = run.JobId,
        RunId = run.RunId,
        Attempt = run.Attempt,
        Replay = run.Replay,
        ScheduledFor = run.ScheduledFor,
        Worker = worker,
    };

    /// <summary>A run cancelled before this attempt started: it never ran, no worker stopped it.</summary>
    public static JobRunCancelled CancelledBeforeStart(ExecuteJobRun run, string reason, DateTimeOffset at) => new()
    {
        JobId = run.JobId,
        RunId = run.RunId,
        Attempt = run.Attempt,
        Replay = run.Replay,
        ScheduledFor = run.ScheduledFor,
        FinishedAt = at,
        Reason = reason,
    };

    public static IEnumerable<object> Of(RunOutcome outcome)
    {
        if (outcome.Outcome == RunOutcomeKind.Cancelled)
        {
            yield return new JobRunCancelled
            {
                JobId = outcome.JobId,
                RunId = outcome.Key.RunId,
                Attempt = outcome.Key.Attempt,
                Replay = outcome.Key.Replay,
                ScheduledFor = outcome.ScheduledFor,
                StartedAt = outcome.StartedAt,
                FinishedAt = outcome.FinishedAt,
                Worker = outcome.Worker,
                Reason = outcome.Error,
            };
            yield break;
        }

        if (outcome.Outcome == RunOutcomeKind.Succeeded)
        {
            yield return new JobRunSucceeded
            {
                JobId = outcome.JobId,
                RunId = outcome.Key.RunId,
                Attempt = outcome.Key.Attempt,
                Replay = outcome.Key.Replay,
                ScheduledFor = outcome.ScheduledFor,
                FiredAt = outcome.FiredAt,
                StartedAt = outcome.StartedAt,
                FinishedAt = outcome.FinishedAt,
                Worker = outcome.Worker,
            };
            yield break;
        }

        yield return new JobRunFailed
        {
            JobId = outcome.JobId,
            RunId = outcome.Key.RunId,
            Attempt = outcome.Key.Attempt,
            Replay = outcome.Key.Replay,
            ScheduledFor = outcome.ScheduledFor,
            FiredAt = outcome.FiredAt,
            StartedAt = outcome.StartedAt,
            FinishedAt = outcome.FinishedAt,
            Worker = outcome.Worker,
            Error = outcome.Error ?? "",
            TimedOut = outcome.TimedOut,
            WillRetry = outcome.Outcome == RunOutcomeKind.Failed,
            NextAttemptAt = outcome.NextAttemptAt,
        };
        if (outcome.Outcome == RunOutcomeKind.DeadLettered)
        {
            yield return new JobRunDeadLettered
            {
                JobId = outcome.JobId,
                RunId = outcome.Key.RunId,
                Attempt = outcome.Key.Attempt,
                Replay = outcome.Key.Replay,
                ScheduledFor = outcome.ScheduledFor,
                FiredAt = outcome.FiredAt,
                StartedAt = outcome.StartedAt,
                FinishedAt = outcome.FinishedAt,
                Error = outcome.Error ?? "",
            };
        }
    }
}
