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
/// A consumer behind the transactional outbox and inbox. The delivery service polls only every ten minutes here, so every
/// message that arrives within the tests' waits was delivered because its commit woke the service.
/// </summary>
[TestFixture]
public sealed class When_a_consumer_uses_the_transactional_outbox : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    IHost? _host;
    EventProbe? _probe;
    TrackedSession? _session;

    EventProbe Probe => _probe!;

    TrackedSession Session => _session!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:QueryDelay"] = "00:10:00";
        _host = await TestHosts.StartAsync(configuration, ConnectionString, x =>
        {
            x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
            x.AddConsumer<RecordOrderConsumer, RecordOrderConsumerDefinition>();
        });
        _probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<OrderRecorded>().Record<Fault<RecordOrder>>());
        _session = Track().Observe(_host.Services.GetRequiredService<IBus>(), "service").Observe(Probe.Bus, "probe");
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _session?.Dispose();
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _host.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_publish_once_right_after_the_commit_without_waiting_for_the_poll()
    {
        var orderId = Guid.NewGuid();

        await Send(new RecordOrder { OrderId = orderId });

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the order's event, delivered after the commit");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(Published(orderId), Is.EqualTo(1), "OrderRecorded copies");
            Assert.That(await Orders(orderId), Is.EqualTo(1), "the order row committed with the message");
        });
        await Eventually(async () => await OutboxRows() == 0, Wait, "the delivered outbox to be removed");
    }

    [Test]
    public async Task Should_publish_nothing_when_the_consumer_throws_after_publishing()
    {
        var orderId = Guid.NewGuid();
        var messageId = NewId.NextGuid();

        await Send(new RecordOrder { OrderId = orderId, FailAfterPublish = true, ScheduleReminder = true }, messageId);

        await Probe.WaitFor<Fault<RecordOrder>>(f => f.Message.OrderId == orderId, Wait, "the consumer to fault");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(Published(orderId), Is.Zero, "an event of the failed consumer was published");
            Assert.That(await Orders(orderId), Is.Zero, "the failed consumer's row");
            Assert.That(await Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.outbox_message where body like '%' || $1 || '%'", orderId.ToString()),
                Is.Zero, "outbox rows of the failed consumer");
            Assert.That(await InboxReceiveCount(messageId), Is.Zero, "an inbox row of the failed message, which would stop its redelivery");
            Assert.That(await ScheduledReminders(orderId), Is.Zero, "the failed consumer's scheduled reminder reached the scheduler");
        });
    }

    [Test]
    public async Task Should_publish_nothing_when_the_commit_fails()
    {
        var orderId = Guid.NewGuid();
        await Send(new RecordOrder { OrderId = orderId });
        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the first order's event");

        // Same order id, new message id: the unique index on orders fails the consumer's SaveChanges.
        await Send(new RecordOrder { OrderId = orderId });

        await Probe.WaitFor<Fault<RecordOrder>>(f => f.Message.OrderId == orderId, Wait, "the second consumer to fault on the duplicate key");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(Published(orderId), Is.EqualTo(1),
                "the consumer whose commit failed published nevertheless");
            Assert.That(await Orders(orderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_consume_a_message_delivered_twice_with_the_same_message_id_once()
    {
        var orderId = Guid.NewGuid();
        var messageId = NewId.NextGuid();
        var order = new RecordOrder { OrderId = orderId };

        // Two copies at once: the endpoint consumes 8 messages concurrently, so the second waits on the first's inbox row.
        await Task.WhenAll(Send(order, messageId), Send(order, messageId));

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the order's event");
        await Eventually(async () => await InboxReceiveCount(messageId) == 2, Wait, "the inbox to see both copies");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(await Orders(orderId), Is.EqualTo(1), "order rows: consumed more than once");
            Assert.That(Published(orderId), Is.EqualTo(1), "OrderRecorded copies");
            Assert.That(Session.Consumed<Fault<RecordOrder>>(f => f.Message.OrderId == orderId, by: "probe"), Is.Empty, "the duplicate faulted");
        });
    }

    [Test]
    public async Task Should_send_scheduled_messages_through_the_outbox()
    {
        var orderId = Guid.NewGuid();

        await Send(new RecordOrder { OrderId = orderId, ScheduleReminder = true });

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the order's event");
        await Eventually(async () => await ScheduledReminders(orderId) == 1, Wait,
            "the ScheduleMessage for the reminder to reach the scheduler's queue");
    }

    Task Send(RecordOrder order, Guid? messageId = null) =>
        Probe.Bus.Publish(order, context =>
        {
            if (messageId is { } id)
                context.MessageId = id;
        });

    /// <summary>How many OrderRecorded about <paramref name="orderId"/> a subscriber received, every copy counted.</summary>
    int Published(Guid orderId) => Session.Consumed<OrderRecorded>(o => o.OrderId == orderId, by: "probe").Count;

    Task<long> Orders(Guid orderId) => Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.orders where order_id = $1", orderId);

    Task<long> OutboxRows() => Sql.Scalar<long>(ConnectionString, "select (select count(*) from eftest.outbox_message) + (select count(*) from eftest.outbox_state)");

    async Task<int> InboxReceiveCount(Guid messageId) =>
        await Sql.Scalar<int?>(ConnectionString, "select max(receive_count) from eftest.inbox_state where message_id = $1", messageId) ?? 0;

    async Task<int> ScheduledReminders(Guid orderId)
    {
        var messages = await PeekQueueAsync("platform-quartz", 100);
        return messages.Count(m => m.GetProperty("payload").GetString() is { } payload
            && payload.Contains(orderId.ToString(), StringComparison.Ordinal)
            && payload.Contains("OrderReminder", StringComparison.Ordinal));
    }
}
