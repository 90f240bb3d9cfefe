using MassTransit;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;

namespace Platform.EntityFrameworkCore.Tests.Sagas;

/// <summary>Accounts for the transaction-batch tests: deposits (a negative one throws), transfers that reach the target
/// account through an in-process message, and a <see cref="BalanceChanged"/> through the outbox on every change.</summary>
public sealed class AccountStateMachine : MassTransitStateMachine<AccountState>
{
    public AccountStateMachine()
    {
        Event(() => Opened, e => e.CorrelateById(m => m.Message.AccountId));
        Event(() => Deposit, e => e.CorrelateById(m => m.Message.AccountId));
        Event(() => Transfer, e => e.CorrelateById(m => m.Message.AccountId));
        Event(() => Arrived, e => e.CorrelateById(m => m.Message.AccountId));

        InstanceState(x => x.CurrentState);

        Initially(
            When(Opened)
                .TransitionTo(Open)
                .Publish(c => new BalanceChanged { AccountId = c.Saga.CorrelationId, Balance = 0 }));

        During(Open,
            Ignore(Opened),
            When(Deposit)
                .Then(c =>
                {
                    if (c.Message.Amount < 0)
                        throw new InvalidOperationException($"A deposit of {c.Message.Amount} is refused");
                    c.Saga.Balance += c.Message.Amount;
                })
                .Publish(c => new BalanceChanged { AccountId = c.Saga.CorrelationId, Balance = c.Saga.Balance }),
            When(Transfer)
                .Then(c => c.Saga.Balance -= c.Message.Amount)
                .Publish(c => new MoneyArrived { AccountId = c.Message.To, Amount = c.Message.Amount })
                .Publish(c => new BalanceChanged { AccountId = c.Saga.CorrelationId, Balance = c.Saga.Balance }),
            When(Arrived)
                .Then(c => c.Saga.Balance += c.Message.Amount)
                .Publish(c => new BalanceChanged { AccountId = c.Saga.CorrelationId, Balance = c.Saga.Balance }));
    }

    public State Open { get; private set; } = null!;

    public Event<AccountOpened> Opened { get; private set; } = null!;

    public Event<Deposited> Deposit { get; private set; } = null!;

    public Event<TransferRequested> Transfer { get; private set; } = null!;

    public Event<MoneyArrived> Arrived { get; private set; } = null!;
}
