using Platform.Contracts;
using Platform.Worker.Ledger;
using Platform.Worker.Reliability;

namespace Platform.Worker.Execution;

/// <summary>What an attempt's end means for its run: the outcome to record, the run kept for replay when it is
/// dead-lettered, and when a retry is due. A pure function of the attempt, the retry policy and a random number (the
/// backoff's jitter), tested as such.</summary>
internal sealed record AttemptOutcome(RunOutcome Outcome, DeadLetteredRun? DeadLetter, RetryPolicy Policy)
{
    public static AttemptOutcome Decide(ExecuteJobRun run, AttemptResult result, string worker, RetryPolicy defaultPolicy, double random)
    {
        var policy = run.Retry ?? defaultPolicy;
        var outcome = new RunOutcome
        {
            Key = RunKey.Of(run),
            JobId = run.JobId,
            JobType = run.JobType,
            Outcome = RunOutcomeKind.Succeeded,
            Worker = worker,
            ScheduledFor = run.ScheduledFor,
            FiredAt = run.FiredAt,
            StartedAt = result.StartedAt,
            FinishedAt = result.FinishedAt,
        };
        if (result.CancelledBecause is { } reason)
            return new AttemptOutcome(outcome with { Outcome = RunOutcomeKind.Cancelled, Error = reason }, null, policy);
        if (result.Failure is not { } failure)
            return new AttemptOutcome(outcome, null, policy);

        var error = result.TimedOut ? failure.Message : $"{failure.GetType().Name}: {failure.Message}";
        if (failure is not PermanentJobFailureException && RetryBackoff.ShouldRetry(policy, run.Attempt))
        {
            var nextAttemptAt = result.FinishedAt + RetryBackoff.Delay(policy, run.Attempt, random);
            return new AttemptOutcome(outcome with { Outcome = RunOutcomeKind.Failed, Error = error, TimedOut = result.TimedOut, NextAttemptAt = nextAttemptAt },
                null, policy);
        }

        return new AttemptOutcome(outcome with { Outcome = RunOutcomeKind.DeadLettered, Error = error, TimedOut = result.TimedOut },
            new DeadLetteredRun { Run = run, Error = error, DeadLetteredAt = result.FinishedAt }, policy);
    }
}
