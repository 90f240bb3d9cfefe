using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.Contracts;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.Messaging;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>
/// The bus outbox: a scope with the DbContext (as a hosted service or an API request has) publishes through
/// IPublishEndpoint, and the message goes out only once the DbContext's work commits. The delivery service polls only
/// every ten minutes here, so what arrives was delivered because the commit woke it.
/// </summary>
[TestFixture]
public sealed class When_code_outside_a_consumer_publishes_through_the_bus_outbox : PlatformFixture
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
        _host = await TestHosts.StartAsync(configuration, ConnectionString, x => x.AddPlatformEntityFrameworkOutbox<TestDbContext>(o => o.UseBusOutbox()));
        _probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<OrderRecorded>());
        _session = Track().Observe(Probe.Bus, "probe");
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
    public async Task Should_publish_once_when_save_changes_commits()
    {
        var orderId = Guid.NewGuid();

        await InScope(async (db, publish) =>
        {
            db.Orders.Add(new OrderRecord { OrderId = orderId });
            await publish.Publish(new OrderRecorded { OrderId = orderId });
            Assert.That(await OutboxMessagesAbout(orderId), Is.Zero, "a message was stored before SaveChanges");
            await db.SaveChangesAsync();
        });

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the event published through the bus outbox");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.That(Published(orderId), Is.EqualTo(1));
    }

    [Test]
    public async Task Should_publish_once_when_an_explicit_transaction_commits()
    {
        var orderId = Guid.NewGuid();

        await InScope(async (db, publish) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Orders.Add(new OrderRecord { OrderId = orderId });
            await publish.Publish(new OrderRecorded { OrderId = orderId });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == orderId, Wait, "the event, delivered when the transaction committed");
        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(Published(orderId), Is.EqualTo(1));
            Assert.That(await OutboxMessagesAbout(orderId), Is.Zero, "the delivered message left in the outbox, to be sent again");
        });
    }

    [Test]
    public async Task Should_publish_nothing_when_the_work_is_not_committed()
    {
        var rolledBack = Guid.NewGuid();
        var neverSaved = Guid.NewGuid();

        await InScope(async (db, publish) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Orders.Add(new OrderRecord { OrderId = rolledBack });
            await publish.Publish(new OrderRecorded { OrderId = rolledBack });
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });
        await InScope((_, publish) => publish.Publish(new OrderRecorded { OrderId = neverSaved }));

        await Session.WaitUntilQuietAsync(Wait, "the test's messages");
        Assert.Multiple(async () =>
        {
            Assert.That(Published(rolledBack), Is.Zero, "published though rolled back");
            Assert.That(Published(neverSaved), Is.Zero, "published though never saved");
            Assert.That(await Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.orders where order_id = $1", rolledBack), Is.Zero);
        });
    }

    [Test]
    public async Task Should_start_a_new_outbox_after_each_save()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        await InScope(async (db, publish) =>
        {
            await publish.Publish(new OrderRecorded { OrderId = first });
            await db.SaveChangesAsync();
            await Probe.WaitFor<OrderRecorded>(o => o.OrderId == first, Wait, "the first save's event");
            await publish.Publish(new OrderRecorded { OrderId = second });
            await db.SaveChangesAsync();
        });

        await Probe.WaitFor<OrderRecorded>(o => o.OrderId == second, Wait, "the event of the second save in the same scope");
    }

    [Test]
    public async Task Should_keep_the_routing_key_and_priority_of_a_run_published_to_the_direct_runs_exchange()
    {
        var runId = Guid.NewGuid();
        var received = new TaskCompletionSource<(ExecuteJobRun Run, byte? Priority)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Servers.RabbitHost, (ushort)Servers.RabbitPort, VirtualHost, h =>
            {
                h.Username(Servers.RabbitUser);
                h.Password(Servers.RabbitPassword);
            });
            cfg.ReceiveEndpoint("eftest-runs", e =>
            {
                e.ConfigureConsumeTopology = false;
                e.EnablePriority(PlatformTopology.MaxPriority);
                e.BindRuns("eftest.type");
                e.Handler<ExecuteJobRun>(context =>
                {
                    var priority = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var basic) ? basic.Properties.Priority : (byte?)null;
                    received.TrySetResult((context.Message, priority));
                    return Task.CompletedTask;
                });
            });
        });
        using var start = new CancellationTokenSource(Wait);
        await worker.StartAsync(start.Token);
        try
        {
            await InScope(async (db, publish) =>
            {
                await publish.Publish(new ExecuteJobRun { RunId = runId, JobType = "eftest.type", Priority = 7 }, x => x.SetPriority(7));
                await db.SaveChangesAsync();
            });

            var finished = await Task.WhenAny(received.Task, Task.Delay(Wait));
            Assert.That(finished, Is.SameAs(received.Task), "the run did not reach the queue bound to its job type");
            var (run, priority) = await received.Task;
            Assert.Multiple(() =>
            {
                Assert.That(run.RunId, Is.EqualTo(runId));
                Assert.That(priority, Is.EqualTo(7), "the broker priority set when publishing");
            });
        }
        finally
        {
            using var stop = new CancellationTokenSource(Wait);
            await worker.StopAsync(stop.Token);
        }
    }

    async Task InScope(Func<TestDbContext, IPublishEndpoint, Task> work)
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TestDbContext>(), scope.ServiceProvider.GetRequiredService<IPublishEndpoint>());
    }

    /// <summary>How many OrderRecorded about <paramref name="orderId"/> a subscriber received, every copy counted.</summary>
    int Published(Guid orderId) => Session.Consumed<OrderRecorded>(o => o.OrderId == orderId, by: "probe").Count;

    Task<long> OutboxMessagesAbout(Guid orderId) =>
        Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.outbox_message where body like '%' || $1 || '%'", orderId.ToString());
}
