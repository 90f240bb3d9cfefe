using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using Platform.EntityFrameworkCore.Tests.Infrastructure;
using Platform.EntityFrameworkCore.Tests.Messages;
using Platform.EntityFrameworkCore.Tests.Model;
using Platform.EntityFrameworkCore.Tests.Sagas;
using Platform.Testing;

namespace Platform.EntityFrameworkCore.Tests.Integration;

/// <summary>Saga state machines on the EF Core repository, behind the transactional outbox, on the real RabbitMQ and
/// PostgreSQL; the endpoints take 16 messages at once so deliveries for one instance really race.</summary>
[TestFixture]
public sealed class When_a_saga_is_stored_with_ef_core : PlatformFixture
{
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    IHost? _host;
    EventProbe? _probe;

    EventProbe Probe => _probe!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        await TestHosts.CreateSchemaAsync(ConnectionString);
        _host = await TestHosts.StartAsync(PlatformConfiguration(), ConnectionString, x =>
        {
            x.AddPlatformEntityFrameworkOutbox<TestDbContext>();
            x.AddSagaStateMachine<CounterStateMachine, CounterState, CounterStateMachineDefinition>()
                .PlatformEntityFrameworkRepository(r => r.ExistingDbContext<TestDbContext>());
            x.AddSagaStateMachine<TallyStateMachine, TallyState, TallyStateMachineDefinition>()
                .PlatformEntityFrameworkRepository(r => r.ExistingDbContext<TestDbContext>());
        });
        _probe = await EventProbe.StartAsync(Servers, VirtualHost, r => r.Record<CounterChanged>().Record<TallyChanged>());
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        if (_probe is not null)
            await _probe.DisposeAsync();
        await _host.StopQuietlyAsync();
    }

    [Test]
    public async Task Should_create_the_row_on_the_initial_event_with_its_state_as_text()
    {
        var id = Guid.NewGuid();

        await Probe.Bus.Publish(new CounterStarted { CounterId = id, Name = $"counter-{id:N}" });

        var changed = await Probe.WaitFor<CounterChanged>(c => c.CounterId == id, Wait, "the counter to start");
        Assert.Multiple(async () =>
        {
            Assert.That(changed.State, Is.EqualTo("Active"));
            Assert.That(await StateOf(id), Is.EqualTo("Active"), "current_state stored as the state's name");
            Assert.That(await Sql.Scalar<string>(ConnectionString,
                    "select data_type from information_schema.columns where table_schema = 'eftest' and table_name = 'counter_state' and column_name = 'current_state'"),
                Is.EqualTo("character varying"), "the state column is text");
        });
    }

    [Test]
    public async Task Should_move_the_state_on_later_events_and_delete_the_row_when_finalized()
    {
        var id = Guid.NewGuid();
        await Probe.Bus.Publish(new CounterStarted { CounterId = id, Name = $"counter-{id:N}" });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.State == "Active", Wait, "the counter to start");

        await Probe.Bus.Publish(new CounterIncremented { CounterId = id });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.Count == 1, Wait, "the increment");
        await Probe.Bus.Publish(new CounterPaused { CounterId = id });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.State == "Paused", Wait, "the counter to pause");

        Assert.Multiple(async () =>
        {
            Assert.That(await StateOf(id), Is.EqualTo("Paused"));
            Assert.That(await CountOf(id), Is.EqualTo(1));
        });

        await Probe.Bus.Publish(new CounterStopped { CounterId = id });
        await Eventually(async () => await Rows(id) == 0, Wait, "the finalized counter's row to be deleted");
    }

    [Test]
    public async Task Should_correlate_an_event_by_a_query_on_the_state()
    {
        var id = Guid.NewGuid();
        var name = $"by-name-{id:N}";
        await Probe.Bus.Publish(new CounterStarted { CounterId = id, Name = name });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id, Wait, "the counter to start");

        await Probe.Bus.Publish(new CounterIncrementedByName { Name = name });

        var changed = await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.Count == 1, Wait, "the increment correlated by name");
        Assert.Multiple(async () =>
        {
            Assert.That(changed.State, Is.EqualTo("Active"));
            Assert.That(await CountOf(id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_load_and_query_instances_outside_a_message()
    {
        var id = Guid.NewGuid();
        var name = $"lookup-{id:N}";
        await Probe.Bus.Publish(new CounterStarted { CounterId = id, Name = name });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id, Wait, "the counter to start");

        var load = _host!.Services.GetRequiredService<ILoadSagaRepository<CounterState>>();
        var query = _host.Services.GetRequiredService<IQuerySagaRepository<CounterState>>();
        var loaded = await load.Load(id);
        var found = await query.Find(new SagaQuery<CounterState>(c => c.Name == name));

        Assert.Multiple(() =>
        {
            Assert.That(loaded?.CurrentState, Is.EqualTo("Active"));
            Assert.That(found, Is.EqualTo(new[] { id }));
        });
    }

    [Test]
    public async Task Should_end_many_concurrent_events_for_one_instance_in_one_consistent_state()
    {
        const int increments = 50;
        var id = Guid.NewGuid();
        await Probe.Bus.Publish(new CounterStarted { CounterId = id, Name = $"busy-{id:N}" });
        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id, Wait, "the counter to start");

        await Task.WhenAll(Enumerable.Range(0, increments).Select(_ => Probe.Bus.Publish(new CounterIncremented { CounterId = id })));

        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.Count == increments, Wait, $"the counter to reach {increments}");
        var counts = Probe.Arrivals<CounterChanged>().Where(c => c.Message.CounterId == id && c.Message.Count > 0).Select(c => c.Message.Count).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await CountOf(id), Is.EqualTo(increments), "no increment lost");
            Assert.That(counts, Is.EquivalentTo(Enumerable.Range(1, increments)),
                "each committed increment saw the one before it: no two transactions updated the same version");
        });
    }

    [Test]
    public async Task Should_create_one_instance_from_concurrent_initial_events()
    {
        const int increments = 20;
        var id = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, increments).Select(_ => Probe.Bus.Publish(new CounterIncremented { CounterId = id })));

        await Probe.WaitFor<CounterChanged>(c => c.CounterId == id && c.Count == increments, Wait, $"the new counter to reach {increments}");
        Assert.Multiple(async () =>
        {
            Assert.That(await Rows(id), Is.EqualTo(1), "rows for the one correlation id");
            Assert.That(await CountOf(id), Is.EqualTo(increments));
            Assert.That(Probe.Arrivals<CounterChanged>().Count(c => c.Message.CounterId == id && c.Message.Count == 1), Is.EqualTo(1),
                "only one initial event created the instance; the others were applied to it");
        });
    }

    [Test]
    public async Task Should_create_one_instance_from_concurrent_initial_events_when_inserting_first()
    {
        const int tallies = 20;
        var id = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, tallies).Select(_ => Probe.Bus.Publish(new Tallied { TallyId = id })));

        await Probe.WaitFor<TallyChanged>(t => t.TallyId == id && t.Count == tallies, Wait, $"the tally to reach {tallies}");
        Assert.Multiple(async () =>
        {
            Assert.That(await Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.tally_state where correlation_id = $1", id),
                Is.EqualTo(1));
            Assert.That(await Sql.Scalar<int>(ConnectionString, "select count from eftest.tally_state where correlation_id = $1", id),
                Is.EqualTo(tallies));
            Assert.That(await Sql.Scalar<string>(ConnectionString, "select current_state from eftest.tally_state where correlation_id = $1", id),
                Is.EqualTo("Counting"));
        });
    }

    Task<string> StateOf(Guid id) => Sql.Scalar<string>(ConnectionString, "select current_state from eftest.counter_state where correlation_id = $1", id);

    Task<int> CountOf(Guid id) => Sql.Scalar<int>(ConnectionString, "select count from eftest.counter_state where correlation_id = $1", id);

    Task<long> Rows(Guid id) => Sql.Scalar<long>(ConnectionString, "select count(*) from eftest.counter_state where correlation_id = $1", id);
}
