using MassTransit;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>
/// The test kit's tracked session, on the real broker: it is quiet only once a slow consumer has finished every message
/// (so a count taken then is final), and it counts every delivery, a copy with the same message id too.
/// </summary>
[TestFixture]
public sealed class When_a_test_tracks_a_session : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Should_be_quiet_only_after_a_slow_consumer_finished_and_count_every_copy()
    {
        var finished = 0;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Servers.RabbitHost, (ushort)Servers.RabbitPort, VirtualHost, h =>
            {
                h.Username(Servers.RabbitUser);
                h.Password(Servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint("tracked-slow", e =>
            {
                e.ConcurrentMessageLimit = 1;
                e.Handler<Ping>(async _ =>
                {
                    // Longer than the session's quiet period, so a session that only watched for new consumptions would
                    // call this quiet while the consumer is still busy.
                    await Task.Delay(TimeSpan.FromSeconds(1.5));
                    Interlocked.Increment(ref finished);
                });
            });
        });
        using (var start = new CancellationTokenSource(Wait))
            await bus.StartAsync(start.Token);
        try
        {
            using var session = Track().Observe(bus, "slow");
            var runId = Guid.NewGuid();
            var copied = NewId.NextGuid();

            await bus.Publish(new Ping { RunId = runId, Sequence = 1 }, c => c.MessageId = copied);
            await bus.Publish(new Ping { RunId = runId, Sequence = 1 }, c => c.MessageId = copied);
            await bus.Publish(new Ping { RunId = runId, Sequence = 2 });
            await session.WaitUntilQuietAsync(Wait, "three pings, one at a time");

            var consumed = session.Consumed<Ping>(p => p.RunId == runId);
            Assert.Multiple(() =>
            {
                Assert.That(Volatile.Read(ref finished), Is.EqualTo(3), "pings the consumer had finished when the session was quiet");
                Assert.That(consumed, Has.Count.EqualTo(3), "deliveries counted, the copy too");
                Assert.That(consumed.Count(c => c.MessageId == copied), Is.EqualTo(2), "deliveries of the copied message id");
                Assert.That(consumed.All(c => c.Bus == "slow" && !c.Faulted), Is.True, "bus and outcome of each consumption");
            });
        }
        finally
        {
            using var stop = new CancellationTokenSource(Wait);
            await bus.StopAsync(stop.Token);
        }
    }
}
