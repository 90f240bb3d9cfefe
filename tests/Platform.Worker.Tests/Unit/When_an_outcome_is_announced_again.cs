using NUnit.Framework;
using Platform.Contracts;
using Platform.Worker.Execution;
using Platform.Worker.Ledger;

namespace Platform.Worker.Tests.Unit;

/// <summary>An attempt's outcome events carry message ids derived from the attempt and the event type, so the same outcome
/// announced again (after a crash between publishing and marking it published) is the same message to an inbox.</summary>
[TestFixture]
public sealed class When_an_outcome_is_announced_again
{
    static readonly Guid Run = Guid.Parse("6f1c2d3e-0000-4000-8000-000000000001");

    [Test]
    public void Should_give_the_same_event_of_the_same_attempt_the_same_message_id()
    {
        var first = RunReporter.EventId(new RunKey(Run, 0, 1), typeof(JobRunSucceeded));
        var again = RunReporter.EventId(new RunKey(Guid.Parse(Run.ToString()), 0, 1), typeof(JobRunSucceeded));
        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void Should_give_other_attempts_replays_runs_and_events_other_ids()
    {
        var ids = new[]
        {
            RunReporter.EventId(new RunKey(Run, 0, 1), typeof(JobRunSucceeded)),
            RunReporter.EventId(new RunKey(Run, 0, 2), typeof(JobRunSucceeded)),
            RunReporter.EventId(new RunKey(Run, 1, 1), typeof(JobRunSucceeded)),
            RunReporter.EventId(new RunKey(Guid.NewGuid(), 0, 1), typeof(JobRunSucceeded)),
            RunReporter.EventId(new RunKey(Run, 0, 1), typeof(JobRunStarted)),
            RunReporter.EventId(new RunKey(Run, 0, 1), typeof(JobRunFailed)),
        };
        Assert.That(ids, Is.Unique);
    }
}
