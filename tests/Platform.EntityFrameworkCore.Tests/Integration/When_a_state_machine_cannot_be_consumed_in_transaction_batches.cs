using MassTransit;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Batching;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.EntityFrameworkCore.Tests.Sagas;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>Batches load instances by correlation id; a state machine with an event correlated by a query is refused when
/// the bus is configured, not at its first message.</summary>
[TestFixture]
public sealed class When_a_state_machine_cannot_be_consumed_in_transaction_batches : PlatformFixture
{
    [Test]
    public void Should_refuse_an_event_correlated_by_a_query_at_start()
    {
        var exception = Assert.CatchAsync(async () =>
        {
            var host = await TestHosts.StartAsync(PlatformConfiguration(), ConnectionString, x =>
            {
                x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
                x.AddPlatformTransactionBatches<TestDbContext>(b => b.StateMachine<CounterStateMachine, CounterState>("counters"));
            }, (context, cfg) => cfg.ConfigurePlatformTransactionBatches<TestDbContext>(context));
            await host.StopQuietlyAsync();
        });

        Assert.That(exception, Is.InstanceOf<ConfigurationException>().Or.InnerException.InstanceOf<ConfigurationException>());
        Assert.That(exception!.ToString(), Does.Contain("CounterIncrementedByName").And.Contain("CorrelateById"));
    }
}
