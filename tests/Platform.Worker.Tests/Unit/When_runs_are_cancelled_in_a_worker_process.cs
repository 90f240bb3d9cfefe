using System.ComponentModel.DataAnnotations;
using NUnit.Framework;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;

namespace Platform.Worker.Tests.Unit;

/// <summary>The in-process side of CancelJobRun: tracked attempts get their token cancelled with the reason; the memory
/// ledger keeps cancelled runs from starting and a cancelled attempt from running again.</summary>
[TestFixture]
public sealed class When_runs_are_cancelled_in_a_worker_process
{
    static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Should_cancel_every_tracked_attempt_of_the_run_with_the_first_reason()
    {
        var cancellations = new RunCancellations();
        var runId = Guid.NewGuid();
        using var first = cancellations.Track(runId);
        using var second = cancellations.Track(runId);
        using var other = cancellations.Track(Guid.NewGuid());

        var found = cancellations.Cancel(runId, "the operator cancelled it");
        cancellations.Cancel(runId, "a later reason");

        Assert.Multiple(() =>
        {
            Assert.That(found, Is.True);
            Assert.That(first.Token.IsCancellationRequested && second.Token.IsCancellationRequested, Is.True, "both attempts of the run");
            Assert.That(other.IsCancellationRequested, Is.False, "another run is left alone");
            Assert.That(first.Reason, Is.EqualTo("the operator cancelled it"));
        });
    }

    [Test]
    public void Should_forget_an_attempt_once_it_ended()
    {
        var cancellations = new RunCancellations();
        var runId = Guid.NewGuid();
        var ended = cancellations.Track(runId);
        ended.Dispose();

        Assert.That(cancellations.Cancel(runId, "too late"), Is.False, "nothing tracked, nothing thrown");
    }

    [Test]
    public async Task Should_not_start_an_attempt_of_a_cancelled_run_in_memory()
    {
        var ledger = new MemoryRunLedger();
        var runId = Guid.NewGuid();
        await ledger.RecordCancellationAsync(Cancellation(runId, "first"), CancellationToken.None);
        await ledger.RecordCancellationAsync(Cancellation(runId, "second"), CancellationToken.None);

        var claim = await ledger.ClaimAsync(new RunKey(runId, 0, 2), "w", Now, Now.AddMinutes(-1), CancellationToken.None);

        Assert.That(claim, Is.InstanceOf<RunClaim.Cancelled>().With.Property(nameof(RunClaim.Cancelled.Cancellation))
            .Property(nameof(RunCancellation.Reason)).EqualTo("first"), "the first record is kept");
    }

    [Test]
    public async Task Should_recognise_an_attempt_that_ended_cancelled_as_done()
    {
        var ledger = new MemoryRunLedger();
        var key = new RunKey(Guid.NewGuid(), 0, 1);
        await ledger.ClaimAsync(key, "w", Now, Now.AddMinutes(-1), CancellationToken.None);
        await ledger.RecordAsync(new RunOutcome
        {
            Key = key,
            JobId = Guid.NewGuid(),
            JobType = "t",
            Outcome = RunOutcomeKind.Cancelled,
            Worker = "w",
            ScheduledFor = Now,
            StartedAt = Now,
            FinishedAt = Now,
            Error = "stop",
        }, null, CancellationToken.None);
        await ledger.MarkPublishedAsync(key, "w", CancellationToken.None);

        var again = await ledger.ClaimAsync(key, "w2", Now, Now.AddMinutes(-1), CancellationToken.None);
        var next = await ledger.ClaimAsync(key with { Attempt = 2 }, "w2", Now, Now.AddMinutes(-1), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.InstanceOf<RunClaim.Done>(), "the same attempt delivered again");
            Assert.That(next, Is.InstanceOf<RunClaim.Done>(), "a cancelled run is over: no later attempt runs");
        });
    }

    [Test]
    public async Task Should_forget_cancellations_after_the_retention()
    {
        var ledger = new MemoryRunLedger();
        var runId = Guid.NewGuid();
        await ledger.RecordCancellationAsync(Cancellation(runId, "old"), CancellationToken.None);

        await ledger.CleanupAsync(Now.AddSeconds(1), CancellationToken.None);

        Assert.That(await ledger.FindCancellationAsync(runId, CancellationToken.None), Is.Null);
    }

    [Test]
    public void Should_name_each_process_its_own_cancellation_queue()
    {
        var unique = Guid.Parse("0123456789abcdef0123456789abcdef");
        var one = WorkerQueues.CancellationQueue("billing", "a", Guid.NewGuid());
        var other = WorkerQueues.CancellationQueue("billing", "a", Guid.NewGuid());

        Assert.Multiple(() =>
        {
            Assert.That(WorkerQueues.CancellationQueue("billing", "host-1/4242", unique), Is.EqualTo("billing-cancel-host-1-4242-01234567"));
            Assert.That(WorkerQueues.CancellationQueue("billing", "a b:c", Guid.NewGuid()), Does.Match("^billing-cancel-a-b-c-[0-9a-f]{8}$"));
            Assert.That(one, Is.Not.EqualTo(other), "two processes with the same instance name still get a queue each");
        });
    }

    [Test]
    public void Should_reject_a_grace_period_that_leaves_no_time_to_hand_runs_back()
    {
        var options = new WorkerOptions { CancellationGracePeriod = TimeSpan.FromSeconds(10), HandBackTimeout = TimeSpan.FromSeconds(10) };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.That(results.Select(r => r.ErrorMessage), Has.Some.Contains("CancellationGracePeriod"));
    }

    static RunCancellation Cancellation(Guid runId, string reason) => new() { RunId = runId, JobId = Guid.NewGuid(), Reason = reason, CancelledAt = Now };
}
