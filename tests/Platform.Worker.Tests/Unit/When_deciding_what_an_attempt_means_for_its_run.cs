using NUnit.Framework;
using Platform.Contracts;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;

namespace Platform.Worker.Tests.Unit;

/// <summary><see cref="AttemptOutcome.Decide"/>: the outcome recorded for an attempt, as a pure function.</summary>
[TestFixture]
public sealed class When_deciding_what_an_attempt_means_for_its_run
{
    static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset End = Start.AddSeconds(2);
    static readonly RetryPolicy Policy = new() { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 2, MaxDelay = TimeSpan.FromMinutes(5), Jitter = false };

    static ExecuteJobRun Run(int attempt, RetryPolicy? retry = null) => new()
    {
        JobId = Guid.NewGuid(),
        RunId = Guid.NewGuid(),
        Attempt = attempt,
        ScheduledFor = Start,
        JobType = "test.outcome",
        Retry = retry,
    };

    static AttemptOutcome Decide(ExecuteJobRun run, AttemptResult result) => AttemptOutcome.Decide(run, result, "worker-1", Policy, 0.5);

    [Test]
    public void Should_record_a_success_with_the_attempts_times()
    {
        var decision = Decide(Run(1), new AttemptResult(Start, End, Failure: null, TimedOut: false));

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome.Outcome, Is.EqualTo(RunOutcomeKind.Succeeded));
            Assert.That((decision.Outcome.StartedAt, decision.Outcome.FinishedAt, decision.Outcome.Worker), Is.EqualTo((Start, End, "worker-1")));
            Assert.That(decision.DeadLetter, Is.Null);
        });
    }

    [Test]
    public void Should_schedule_the_next_attempt_after_the_policys_delay()
    {
        var decision = Decide(Run(2), new AttemptResult(Start, End, new InvalidOperationException("boom"), TimedOut: false));

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome.Outcome, Is.EqualTo(RunOutcomeKind.Failed));
            Assert.That(decision.Outcome.NextAttemptAt, Is.EqualTo(End + TimeSpan.FromSeconds(20)), "initialDelay * multiplier^(attempt - 1)");
            Assert.That(decision.Outcome.Error, Is.EqualTo("InvalidOperationException: boom"));
            Assert.That(decision.DeadLetter, Is.Null);
        });
    }

    [Test]
    public void Should_dead_letter_the_last_attempt_and_keep_the_run_for_replay()
    {
        var run = Run(3);
        var decision = Decide(run, new AttemptResult(Start, End, new InvalidOperationException("boom"), TimedOut: false));

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome.Outcome, Is.EqualTo(RunOutcomeKind.DeadLettered));
            Assert.That(decision.Outcome.NextAttemptAt, Is.Null);
            Assert.That(decision.DeadLetter?.Run, Is.EqualTo(run));
            Assert.That(decision.DeadLetter?.DeadLetteredAt, Is.EqualTo(End));
        });
    }

    [Test]
    public void Should_dead_letter_a_permanent_failure_at_once()
    {
        var decision = Decide(Run(1), new AttemptResult(Start, End, new PermanentJobFailureException("bad input"), TimedOut: false));

        Assert.That(decision.Outcome.Outcome, Is.EqualTo(RunOutcomeKind.DeadLettered));
    }

    [Test]
    public void Should_follow_the_runs_own_policy_before_the_workers_default()
    {
        var once = new RetryPolicy { MaxAttempts = 1 };
        var decision = Decide(Run(1, once), new AttemptResult(Start, End, new InvalidOperationException("boom"), TimedOut: false));

        Assert.That((decision.Outcome.Outcome, decision.Policy), Is.EqualTo((RunOutcomeKind.DeadLettered, once)));
    }

    [Test]
    public void Should_report_a_timeout_by_its_message_and_flag()
    {
        var decision = Decide(Run(1), new AttemptResult(Start, End, new TimeoutException("Timed out after 00:00:02"), TimedOut: true));

        Assert.That((decision.Outcome.Error, decision.Outcome.TimedOut), Is.EqualTo(("Timed out after 00:00:02", true)));
    }

    [Test]
    public void Should_end_a_cancelled_attempt_as_cancelled_whatever_the_handler_did()
    {
        var decision = Decide(Run(1), new AttemptResult(Start, End, new InvalidOperationException("boom"), TimedOut: false, CancelledBecause: "job cancelled"));

        Assert.Multiple(() =>
        {
            Assert.That((decision.Outcome.Outcome, decision.Outcome.Error), Is.EqualTo((RunOutcomeKind.Cancelled, "job cancelled")));
            Assert.That(decision.DeadLetter, Is.Null);
        });
    }
}
