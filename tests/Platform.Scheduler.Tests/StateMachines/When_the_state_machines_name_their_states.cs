using NUnit.Framework;
using Platform.Scheduler.Jobs;
using Platform.Scheduler.Runs;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Tests.StateMachines;

/// <summary>The state names the state machines write are the schema vocabulary the API, the CLI and SQL read; a machine
/// that drifts from it fails when it is built.</summary>
[TestFixture]
public sealed class When_the_state_machines_name_their_states
{
    [Test]
    public void Should_write_exactly_the_run_and_job_states_of_the_vocabulary()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new RunStateMachine().States.Select(s => s.Name).Except(["Initial", "Final"]), Is.EquivalentTo(RunStates.All));
            Assert.That(new JobStateMachine().States.Select(s => s.Name).Except(["Initial", "Final"]), Is.EquivalentTo(JobStates.All));
            Assert.That(RunStates.InProgress.Intersect(RunStates.Final), Is.Empty, "a state both in progress and final");
            Assert.That(RunStates.Replayable, Is.SubsetOf(RunStates.Final), "a run is replayed only once it has ended");
        });
    }

    [Test]
    public void Should_refuse_a_machine_whose_states_the_vocabulary_does_not_name()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => StateNames.Check(new JobStateMachine(), RunStates.All));
        Assert.That(refused!.Message, Does.Contain("JobStateMachine has states Active, Cancelled, Completed, Paused").And.Contain("Platform.Scheduling.Schema"));
    }
}
