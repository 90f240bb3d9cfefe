using MassTransit;
using Platform.Scheduling.Schema;

namespace Platform.Scheduler.Runs;

/// <summary>One run (one occurrence of a job, across its attempts), table <c>scheduler.run_state</c>: its state and its
/// history, moved only by messages through <see cref="RunStateMachine"/>.</summary>
public sealed class RunState : RunColumns, SagaStateMachineInstance
{
    /// <summary>The run id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>Tokens of the SLA timers scheduled on the message scheduler (null when not scheduled).</summary>
    public Guid? StartDeadlineTokenId { get; set; }

    public Guid? DurationDeadlineTokenId { get; set; }

    public Guid? CompletionDeadlineTokenId { get; set; }

    /// <summary>A replay that reached the run while it was still on its way (<see cref="Runs.HeldReplay"/> as JSON):
    /// carried out when the run gives up, dropped and rejected when it ends otherwise.</summary>
    public string? HeldReplay { get; set; }
}
