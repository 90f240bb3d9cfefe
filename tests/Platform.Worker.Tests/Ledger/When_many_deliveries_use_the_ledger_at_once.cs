using Npgsql;
using NUnit.Framework;
using Platform.Testing;
using Platform.Worker.Ledger;

namespace Platform.Worker.Tests.Ledger;

/// <summary>The PostgreSQL ledger answers concurrent deliveries in shared round trips; each answer must be the one the
/// delivery would have had alone, on the real PostgreSQL.</summary>
[TestFixture]
public sealed class When_many_deliveries_use_the_ledger_at_once : PlatformFixture
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    NpgsqlDataSource? _dataSource;
    PostgresRunLedger? _ledger;

    PostgresRunLedger Ledger => _ledger!;

    static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [OneTimeSetUp]
    public async Task CreateLedger()
    {
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        await using (var command = _dataSource.CreateCommand(WorkerSchema.Create))
            await command.ExecuteNonQueryAsync();
        _ledger = new PostgresRunLedger(_dataSource);
    }

    [OneTimeTearDown]
    public async Task DisposeLedger()
    {
        if (_ledger is not null)
            await _ledger.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    [Test]
    public async Task Should_give_each_of_many_concurrent_claims_its_lease()
    {
        var keys = Enumerable.Range(0, 300).Select(_ => new RunKey(Guid.NewGuid(), 0, 1)).ToList();

        var claims = await Task.WhenAll(keys.Select(k => Claim(k, "worker-a")));

        Assert.Multiple(async () =>
        {
            Assert.That(claims, Has.All.InstanceOf<RunClaim.Claimed>());
            Assert.That(await Count("select count(*) from worker.run_leases where run_id = any($1) and worker = 'worker-a'", keys), Is.EqualTo(keys.Count));
        });
    }

    [Test]
    public async Task Should_give_one_of_two_concurrent_claims_of_an_attempt_the_lease()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => new RunKey(Guid.NewGuid(), 0, 1)).ToList();

        var claims = await Task.WhenAll(keys.SelectMany(k => new[] { Claim(k, "worker-a"), Claim(k, "worker-b") }));

        Assert.Multiple(() =>
        {
            Assert.That(claims.Count(c => c is RunClaim.Claimed), Is.EqualTo(keys.Count), "one lease per attempt");
            Assert.That(claims.Count(c => c is RunClaim.Held), Is.EqualTo(keys.Count), "the other claim waits for the holder");
        });
    }

    [Test]
    public async Task Should_record_each_outcome_once_and_answer_a_later_claim_with_it()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => new RunKey(Guid.NewGuid(), 0, 1)).ToList();
        await Task.WhenAll(keys.Select(k => Claim(k, "worker-a")));

        var first = await Task.WhenAll(keys.Select(k => Ledger.RecordAsync(Outcome(k, "worker-a"), null, CancellationToken.None)));
        var second = await Task.WhenAll(keys.Select(k => Ledger.RecordAsync(Outcome(k, "worker-b"), null, CancellationToken.None)));
        await Task.WhenAll(keys.Select(k => Ledger.MarkPublishedAsync(k, "worker-a", CancellationToken.None)));
        var redelivered = await Task.WhenAll(keys.Select(k => Claim(k, "worker-b")));

        Assert.Multiple(async () =>
        {
            Assert.That(first, Has.All.True, "recorded by the worker that ran it");
            Assert.That(second, Has.All.False, "an outcome of an attempt already recorded is refused");
            Assert.That(redelivered.Select(c => (c as RunClaim.Done)?.Outcome), Has.All.Matches<RunOutcome?>(o => o is { Worker: "worker-a", Published: true }),
                "a redelivery finds the first outcome, published");
            Assert.That(await Count("select count(*) from worker.run_leases where run_id = any($1)", keys), Is.Zero, "the leases were given up");
        });
    }

    [Test]
    public async Task Should_answer_a_claim_of_a_cancelled_run_with_its_cancellation()
    {
        var key = new RunKey(Guid.NewGuid(), 0, 1);
        await Ledger.RecordCancellationAsync(new RunCancellation { RunId = key.RunId, JobId = Guid.NewGuid(), Reason = "stop", CancelledAt = Now },
            CancellationToken.None);

        var claims = await Task.WhenAll(Claim(key, "worker-a"), Claim(new RunKey(Guid.NewGuid(), 0, 1), "worker-a"));

        Assert.Multiple(() =>
        {
            Assert.That(claims[0], Is.InstanceOf<RunClaim.Cancelled>().With.Property(nameof(RunClaim.Cancelled.Cancellation))
                .With.Property(nameof(RunCancellation.Reason)).EqualTo("stop"));
            Assert.That(claims[1], Is.InstanceOf<RunClaim.Claimed>(), "a claim beside it in the same round trip is not affected");
        });
    }

    Task<RunClaim> Claim(RunKey key, string worker)
    {
        var now = Now;
        return Ledger.ClaimAsync(key, worker, now, now - Lease, CancellationToken.None);
    }

    static RunOutcome Outcome(RunKey key, string worker) => new()
    {
        Key = key,
        JobId = Guid.NewGuid(),
        JobType = "test.ledger",
        Outcome = RunOutcomeKind.Succeeded,
        Worker = worker,
        ScheduledFor = Now,
        StartedAt = Now,
        FinishedAt = Now,
    };

    async Task<long> Count(string sql, IEnumerable<RunKey> keys)
    {
        await using var command = _dataSource!.CreateCommand(sql);
        command.Parameters.AddWithValue(keys.Select(k => k.RunId).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
