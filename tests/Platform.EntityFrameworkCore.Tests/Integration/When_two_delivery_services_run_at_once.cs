using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>Two processes deliver the same outbox tables at the same time, a few outboxes per round: FOR UPDATE SKIP LOCKED
/// gives each outbox to one of them, so every message reaches the broker once, and each outbox's messages in order.</summary>
[TestFixture]
public sealed class When_two_delivery_services_run_at_once : PlatformFixture
{
    const int Outboxes = 60;
    const int MessagesPerOutbox = 3;
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Should_deliver_each_message_once_and_each_outbox_in_order()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        await using var probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<Ping>());
        var runId = Guid.NewGuid();
        await WriteOutboxes(runId);
        using var session = Track().Observe(probe.Bus, "probe");

        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:QueryMessageLimit"] = "2";
        configuration["Platform:Outbox:QueryDelay"] = "00:00:00.200";
        var deliverers = await Task.WhenAll(
            TestHosts.StartAsync(configuration, ConnectionString, x => x.AddPlatformEntityFrameworkOutbox<TestDbContext>()),
            TestHosts.StartAsync(configuration, ConnectionString, x => x.AddPlatformEntityFrameworkOutbox<TestDbContext>()));
        try
        {
            await session.WaitUntilQuietAsync(Wait, "both delivery services emptying the outbox");
        }
        finally
        {
            await Task.WhenAll(deliverers.Select(d => d.StopQuietlyAsync()));
        }

        var pings = session.Consumed<Ping>(p => p.RunId == runId, by: "probe");
        Assert.Multiple(() =>
        {
            Assert.That(pings, Has.Count.EqualTo(Outboxes * MessagesPerOutbox), "messages received (a message sent twice counts twice)");
            Assert.That(pings.Select(p => p.MessageId).Distinct().Count(), Is.EqualTo(Outboxes * MessagesPerOutbox), "distinct message ids");
            foreach (var outbox in pings.GroupBy(p => p.Message.Outbox))
                Assert.That(outbox.Select(p => p.Message.Sequence).ToList(), Is.EqualTo(Enumerable.Range(1, MessagesPerOutbox).ToList()), $"order within outbox {outbox.Key}");
        });
    }

    /// <summary>A process whose delivery service is off commits the outboxes (one per SaveChanges) and stops.</summary>
    async Task WriteOutboxes(Guid runId)
    {
        var configuration = PlatformConfiguration();
        configuration["Platform:Outbox:DeliveryServiceEnabled"] = "false";
        var producer = await TestHosts.StartAsync(configuration, ConnectionString, x => x.AddPlatformEntityFrameworkOutbox<TestDbContext>(o => o.UseBusOutbox()));
        try
        {
            await using var scope = producer.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var publish = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
            for (var outbox = 0; outbox < Outboxes; outbox++)
            {
                for (var sequence = 1; sequence <= MessagesPerOutbox; sequence++)
                    await publish.Publish(new Ping { RunId = runId, Outbox = outbox, Sequence = sequence });
                await db.SaveChangesAsync();
            }
        }
        finally
        {
            await producer.StopQuietlyAsync();
        }

        Assert.That(await Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.outbox_state"), Is.EqualTo(Outboxes), "outboxes written");
    }
}
