using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Consumers;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>
/// Issue 4's crash between the state commit and the delivery. A first process consumes and commits but never delivers (its
/// delivery service is off, as if it died right after the commit); a fresh process then delivers the committed outbox to a
/// consumer behind the inbox. A crash in the middle of a delivery (sent, not yet recorded) is reproduced by a second copy
/// of the committed outbox: the message reaches the broker twice and the consumer consumes it once.
/// </summary>
[TestFixture]
public sealed class When_a_process_stops_between_commit_and_delivery : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task CreateSchema()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        _probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<OrderRecorded>());
    }

    [OneTimeTearDown]
    public async Task StopProbe()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
    }

    [Test]
    public async Task Should_deliver_the_committed_message_from_a_fresh_process_exactly_once()
    {
        var orderId = Guid.NewGuid();
        await CommitWithoutDelivering(orderId);

        using var session = Track().Observe(Probe.Bus, "probe");
        var fresh = await StartDeliveringNotifier();
        session.Observe(fresh.Services.GetRequiredService<IBus>(), "notifier");
        try
        {
            await Eventually(async () => await Notifications(orderId) == 1, Wait, "the notifier to consume the event the fresh process delivered");
            await session.WaitUntilQuietAsync(Wait, "the fresh process's delivery");
            Assert.Multiple(async () =>
            {
                Assert.That(session.Consumed<OrderRecorded>(o => o.OrderId == orderId, by: "probe"), Has.Count.EqualTo(1), "copies on the broker");
                Assert.That(await Notifications(orderId), Is.EqualTo(1), "consumptions");
                Assert.That(await OutboxRows(), Is.Zero, "the delivered outbox left behind");
            });
        }
        finally
        {
            await fresh.StopQuietlyAsync();
        }
    }

    [Test]
    public async Task Should_consume_once_a_message_sent_again_after_a_crash_during_delivery()
    {
        var orderId = Guid.NewGuid();
        await CommitWithoutDelivering(orderId);
        // The outbox as a process that died after the broker confirmed the send but before its delete committed leaves it:
        // still there, so it is sent again. A copy of it gets the original sent twice.
        await DuplicateOutbox();

        using var session = Track().Observe(Probe.Bus, "probe");
        var fresh = await StartDeliveringNotifier();
        session.Observe(fresh.Services.GetRequiredService<IBus>(), "notifier");
        try
        {
            await session.WaitUntilQuietAsync(Wait, "the delivery of both copies");
            var copies = session.Consumed<OrderRecorded>(o => o.OrderId == orderId, by: "probe").Select(o => o.MessageId).ToList();
            Assert.That(copies, Has.Count.EqualTo(2), "copies on the broker");
            Assert.Multiple(async () =>
            {
                Assert.That(copies.Distinct().Count(), Is.EqualTo(1), "both copies carry the original message id");
                Assert.That(await InboxReceiveCount(copies[0]), Is.EqualTo(2), "the notifier's inbox saw both copies");
                Assert.That(await Notifications(orderId), Is.EqualTo(1), "consumptions of the message sent twice");
            });
        }
        finally
        {
            await fresh.StopQuietlyAsync();
        }
    }

    /// <summary>A process consumes RecordOrder and commits the order with its outbox, but nothing is delivered; then it stops.</summary>
    async Task CommitWithoutDelivering(Guid orderId)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:DeliveryServiceEnabled"] = "false";
        var crashed = await TestHosts.StartAsync(configuration, ConnectionString, x =>
        {
            x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
            x.AddConsumer<RecordOrderConsumer, RecordOrderConsumerDefinition>();
        });
        try
        {
            await Probe.Bus.Publish(new RecordOrder { OrderId = orderId });
            await Eventually(async () => await Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.orders where order_id = $1", orderId) == 1,
                Wait, "the order to be committed");
            Assert.Multiple(async () =>
            {
                Assert.That(await OutboxRows(), Is.EqualTo(2), "the committed outbox (state and message rows)");
                Assert.That(Probe.Arrivals<OrderRecorded>().Any(o => o.Message.OrderId == orderId), Is.False, "delivered though delivery is off");
            });
        }
        finally
        {
            await crashed.StopQuietlyAsync();
        }
    }

    async Task<IHost> StartDeliveringNotifier()
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:QueryDelay"] = "00:00:00.500";
        return await TestHosts.StartAsync(configuration, ConnectionString, x =>
        {
            x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
            x.AddConsumer<NotifyOrderConsumer, NotifyOrderConsumerDefinition>();
        });
    }

    Task<int> DuplicateOutbox() =>
        Sql.Execute(ConnectionString, """
            with copy as (
                insert into eftest.outbox_state (outbox_id, created)
                select gen_random_uuid(), created + interval '1 millisecond' from eftest.outbox_state
                returning outbox_id)
            insert into eftest.outbox_message (outbox_id, message_id, conversation_id, correlation_id, initiator_id, request_id,
                source_address, destination_address, response_address, fault_address, sent_time, expiration_time, content_type,
                message_type, body, headers, properties)
            select copy.outbox_id, m.message_id, m.conversation_id, m.correlation_id, m.initiator_id, m.request_id,
                m.source_address, m.destination_address, m.response_address, m.fault_address, m.sent_time, m.expiration_time,
                m.content_type, m.message_type, m.body, m.headers, m.properties
            from eftest.outbox_message m cross join copy
            """);

    Task<long> Notifications(Guid orderId) =>
        Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.notifications where order_id = $1", orderId);

    Task<long> OutboxRows() =>
        Sql.Scalar<long>(ConnectionString, "select (select count(*) from eftest.outbox_message) + (select count(*) from eftest.outbox_state)");

    async Task<int> InboxReceiveCount(Guid? messageId) =>
        await Sql.Scalar<int?>(ConnectionString, "select max(receive_count) from eftest.inbox_state where message_id = $1", messageId!.Value) ?? 0;
}
