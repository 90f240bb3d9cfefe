using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Batching;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.EntityFrameworkCore.Tests.Sagas;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>
/// The account state machine consumed through transaction batches by two service processes competing on one queue, on
/// the real RabbitMQ and PostgreSQL: many messages per transaction, nothing lost or applied twice when both processes
/// change one account, in-process messages that never reach the broker, and a poison message failed alone.
/// </summary>
[TestFixture]
public sealed class When_state_machines_are_consumed_in_transaction_batches : PlatformFixture
{
    const string Queue = "accounts";
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    readonly List<IHost> _hosts = [];
    EventProbe? _probe;
    TrackedSession? _session;

    EventProbe Probe => _probe!;

    TrackedSession Session => _session!;

    [OneTimeSetUp]
    public async Task StartServices()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        for (var i = 0; i < 2; i++)
        {
            _hosts.Add(await TestHosts.StartAsync(PlatformConfiguration(), ConnectionString, x =>
            {
                x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
                x.AddPlatformTransactionBatches<TestDbContext>(b =>
                {
                    b.StateMachine<AccountStateMachine, AccountState>(Queue);
                    b.InProcess<MoneyArrived>();
                });
            }, (context, cfg) => cfg.ConfigurePlatformTransactionBatches<TestDbContext>(context, e => e.UseMessageRetry(r => r.Immediate(2)))));
        }

        _probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<BalanceChanged>().Record<MoneyArrived>());
        _session = Track().Observe(Probe.Bus, "probe");
        for (var i = 0; i < _hosts.Count; i++)
            _session.Observe(_hosts[i].Services.GetRequiredService<IBus>(), $"service-{i}");
    }

    [OneTimeTearDown]
    public async Task StopServices()
    {
        _session?.Dispose();
        if (_probe is not null)
            await _probe.DisposeAsync();
        foreach (var host in _hosts)
            await host.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_consume_many_messages_per_transaction_and_apply_each_once()
    {
        var accounts = await OpenAsync(20);
        var deposits = accounts.SelectMany(a => Enumerable.Range(0, 20).Select(_ => new Deposited { AccountId = a, Amount = 1 })).ToList();
        var messageIds = new List<Guid>();
        await Task.WhenAll(deposits.Select(d =>
        {
            var id = NewId.NextGuid();
            lock (messageIds)
                messageIds.Add(id);
            return Probe.Bus.Publish(d, c => c.MessageId = id);
        }));

        await Eventually(async () => await TotalBalanceAsync(accounts) == deposits.Count, Wait, "every deposit to be applied");
        await Session.WaitUntilQuietAsync(Wait, "the deposits");
        var transactions = await Sql.Scalar<long>(ConnectionString,
            $"select count(distinct consumed) from {TestDbContext.Schema}.inbox_state where message_id = any($1)", messageIds.ToArray());
        Assert.Multiple(async () =>
        {
            foreach (var account in accounts)
                Assert.That(await BalanceAsync(account), Is.EqualTo(20), $"account {account}");
            Assert.That(transactions, Is.LessThan(deposits.Count / 2), $"{deposits.Count} messages took {transactions} transactions");
            var changes = Session.Consumed<BalanceChanged>(c => accounts.Contains(c.AccountId), by: "probe");
            Assert.That(changes.Count(c => c.Message.Balance > 0), Is.EqualTo(deposits.Count), "BalanceChanged events of the deposits, every copy counted");
        });
    }

    [Test]
    public async Task Should_not_lose_an_update_when_both_processes_change_one_account()
    {
        var account = (await OpenAsync(1))[0];

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Probe.Bus.Publish(new Deposited { AccountId = account, Amount = 1 })));

        await Eventually(async () => await BalanceAsync(account) == 200, Wait, "all 200 deposits to be applied");
        await Session.WaitUntilQuietAsync(Wait, "the 200 deposits and their events");
        var balances = Session.Consumed<BalanceChanged>(c => c.AccountId == account, by: "probe").Select(c => c.Message.Balance).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await BalanceAsync(account), Is.EqualTo(200), "deposits applied");
            Assert.That(balances, Is.EquivalentTo(Enumerable.Range(0, 201)), "one BalanceChanged per deposit, each balance once");
        });
    }

    [Test]
    public async Task Should_consume_an_in_process_message_in_the_same_transaction_without_the_broker()
    {
        var accounts = await OpenAsync(2);
        await Probe.Bus.Publish(new Deposited { AccountId = accounts[0], Amount = 10 });
        await Probe.WaitFor<BalanceChanged>(c => c.AccountId == accounts[0] && c.Balance == 10, Wait, "the deposit");

        await Probe.Bus.Publish(new TransferRequested { AccountId = accounts[0], To = accounts[1], Amount = 4 });

        await Probe.WaitFor<BalanceChanged>(c => c.AccountId == accounts[1] && c.Balance == 4, Wait, "the money to arrive");
        var from = await Probe.WaitFor<BalanceChanged>(c => c.AccountId == accounts[0] && c.Balance == 6, Wait, "the money to leave");
        await Session.WaitUntilQuietAsync(Wait, "the transfer");
        Assert.Multiple(async () =>
        {
            Assert.That(from.Balance, Is.EqualTo(6));
            Assert.That(await BalanceAsync(accounts[1]), Is.EqualTo(4));
            Assert.That(Session.Consumed<MoneyArrived>(), Is.Empty, "MoneyArrived went through the broker");
        });
    }

    [Test]
    public async Task Should_acknowledge_a_second_delivery_of_a_message_without_applying_it()
    {
        var account = (await OpenAsync(1))[0];
        var messageId = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Probe.Bus.Publish(new Deposited { AccountId = account, Amount = 5 }, c => c.MessageId = messageId)));
        await Probe.Bus.Publish(new Deposited { AccountId = account, Amount = 1 });

        await Probe.WaitFor<BalanceChanged>(c => c.AccountId == account && c.Balance == 6, Wait, "the deposit and a marker after it");
        await Eventually(async () => await Sql.Scalar<int>(ConnectionString,
            $"select receive_count from {TestDbContext.Schema}.inbox_state where message_id = $1", messageId) == 3, Wait, "all three deliveries to be received");
        await Session.WaitUntilQuietAsync(Wait, "the three deliveries");
        Assert.Multiple(async () =>
        {
            Assert.That(await BalanceAsync(account), Is.EqualTo(6), "the message sent three times with one id was applied once");
            Assert.That(Session.Consumed<BalanceChanged>(c => c.AccountId == account && c.Balance > 0, by: "probe"), Has.Count.EqualTo(2),
                "BalanceChanged events: one per applied deposit");
        });
    }

    [Test]
    public async Task Should_fail_a_poison_message_alone_and_commit_the_others()
    {
        var accounts = await OpenAsync(10);
        var poison = new Deposited { AccountId = accounts[0], Amount = -1 };
        var good = accounts.Select(a => new Deposited { AccountId = a, Amount = 3 }).ToList();

        await Task.WhenAll(good.Take(5).Select(d => Probe.Bus.Publish(d)).Append(Probe.Bus.Publish(poison)).Concat(good.Skip(5).Select(d => Probe.Bus.Publish(d))));

        await Eventually(async () => await TotalBalanceAsync(accounts) == 30, Wait, "the ten good deposits to be applied");
        await Eventually(async () => (await PeekQueueAsync($"{Queue}_error")).Count == 1, Wait, "the poison message to reach the error queue");
        var parked = (await PeekQueueAsync($"{Queue}_error"))[0];
        var body = JsonDocument.Parse(parked.GetProperty("payload").GetString()!).RootElement.GetProperty("message");
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("amount").GetInt32(), Is.EqualTo(-1));
            Assert.That(parked.GetProperty("properties").GetProperty("headers").GetProperty("MT-Fault-Message").GetString(), Does.Contain("refused"));
        });
    }

    async Task<List<Guid>> OpenAsync(int count)
    {
        var accounts = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(accounts.Select(a => Probe.Bus.Publish(new AccountOpened { AccountId = a })));
        foreach (var account in accounts)
            await Probe.WaitFor<BalanceChanged>(c => c.AccountId == account, Wait, $"account {account} to open");
        return accounts;
    }

    Task<int> BalanceAsync(Guid account) =>
        Sql.Scalar<int>(ConnectionString, $"select balance from {TestDbContext.Schema}.account_state where correlation_id = $1", account);

    async Task<long> TotalBalanceAsync(IEnumerable<Guid> accounts) =>
        await Sql.Scalar<long?>(ConnectionString, $"select sum(balance) from {TestDbContext.Schema}.account_state where correlation_id = any($1)",
            accounts.ToArray()) ?? 0;
}
