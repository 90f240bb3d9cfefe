using MassTransit;

namespace Platform.EntityFrameworkCore.Tests.Model;

/// <summary>An account of the batched state machine's tests.</summary>
public sealed class AccountState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public int Balance { get; set; }
}
