using MassTransit;

namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>A saga that counts events; its state is stored as text.</summary>
public sealed class CounterState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public int Count { get; set; }

    public string? Name { get; set; }
}
