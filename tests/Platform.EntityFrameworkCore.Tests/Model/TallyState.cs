using MassTransit;

namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>A saga inserted before its initial event is applied (InsertOnInitial): its row exists before it has a state,
/// so <see cref="CurrentState"/> is nullable.</summary>
public sealed class TallyState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string? CurrentState { get; set; }

    public int Count { get; set; }
}
