using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts;

namespace Platform.Worker.Ledger;

/// <summary>The ledger in PostgreSQL (schema <c>worker</c>), shared by every process of the worker service. Claims,
/// outcomes without a dead letter and published marks of concurrent deliveries share round trips (<see cref="LedgerBatcher"/>).</summary>
public sealed class PostgresRunLedger(NpgsqlDataSource dataSource) : IRunLedger, IAsyncDisposable
{
    internal const string OutcomeColumns =
        "run_id, replay, attempt, job_id, job_type, outcome, worker, scheduled_for, fired_at, started_at, completed_at, error, timed_out, next_attempt_at, published";

    LedgerBatcher? _batcher;

    public bool IsDurable => true;

    LedgerBatcher Batcher => LazyInitializer.EnsureInitialized(ref _batcher, () => new LedgerBatcher(dataSource, this));

    public Task<RunClaim> ClaimAsync(RunKey key, string worker, DateTimeOffset now, DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        Batcher.ClaimAsync(new LedgerBatch.Claim(key, worker, now, expiredBefore));

    public Task<bool> RecordAsync(RunOutcome outcome, DeadLetteredRun? deadLetter, CancellationToken cancellationToken) =>
        deadLetter is null ? Batcher.RecordAsync(outcome) : RecordDirectAsync(outcome, deadLetter, cancellationToken);

    public Task MarkPublishedAsync(RunKey key, string worker, CancellationToken cancellationToken) =>
        Batcher.MarkPublishedAsync(new LedgerBatch.Published(key, worker));

    public ValueTask DisposeAsync() => _batcher?.DisposeAsync() ?? ValueTask.CompletedTask;

    internal static string OutcomeColumnsOf(string alias) => string.Join(", ", OutcomeColumns.Split(", ").Select(c => $"{alias}.{c}"));

    /// <summary>A claim in a transaction of its own (when its batch failed).</summary>
    internal Task<RunClaim> ClaimDirectAsync(LedgerBatch.Claim claim, CancellationToken cancellationToken) =>
        ClaimDirectAsync(claim.Key, claim.Worker, claim.Now, claim.ExpiredBefore, cancellationToken);

    async Task<RunClaim> ClaimDirectAsync(RunKey key, string worker, DateTimeOffset now, DateTimeOffset expiredBefore,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lease = Command(connection, transaction,
                         "select worker, heartbeat_at from worker.run_leases where run_id = $1 and replay = $2 and attempt = $3 and heartbeat_at >= $4",
                         key.RunId, key.Replay, key.Attempt, expiredBefore))
        await using (var reader = await lease.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
                return new RunClaim.Held(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1));
        }

        await using (var done = Command(connection, transaction,
                         $"""
                          select {OutcomeColumns} from worker.completed_runs
                          where run_id = $1 and replay = $2 and (attempt = $3 or outcome in {LedgerBatch.FinalOutcomes})
                          order by attempt desc limit 1
                          """, key.RunId, key.Replay, key.Attempt))
        await using (var reader = await done.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
                return new RunClaim.Done(ReadOutcome(reader));
        }

        await using (var cancelled = Command(connection, transaction,
                         "select run_id, job_id, reason, cancelled_at from worker.cancelled_runs where run_id = $1", key.RunId))
        await using (var reader = await cancelled.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
                return new RunClaim.Cancelled(ReadCancellation(reader));
        }

        await using var claim = Command(connection, transaction,
            """
            insert into worker.run_leases (run_id, replay, attempt, worker, claimed_at, heartbeat_at) values ($1, $2, $3, $4, $5, $5)
            on conflict (run_id, replay, attempt) do update set worker = excluded.worker, claimed_at = excluded.claimed_at, heartbeat_at = excluded.heartbeat_at
            where worker.run_leases.heartbeat_at < $6
            returning worker
            """, key.RunId, key.Replay, key.Attempt, worker, now, expiredBefore);
        var claimed = await claim.ExecuteScalarAsync(cancellationToken) is not null;
        await transaction.CommitAsync(cancellationToken);
        return claimed ? new RunClaim.Claimed() : new RunClaim.Held("(another worker, just now)", now);
    }

    public async Task RenewAsync(RunKey key, string worker, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update worker.run_leases set heartbeat_at = $5 where run_id = $1 and replay = $2 and attempt = $3 and worker = $4");
        Add(command, key.RunId, key.Replay, key.Attempt, worker, now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(RunKey key, string worker, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "delete from worker.run_leases where run_id = $1 and replay = $2 and attempt = $3 and worker = $4");
        Add(command, key.RunId, key.Replay, key.Attempt, worker);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records an outcome in a transaction of its own (with its dead letter, or when its batch failed).</summary>
    internal async Task<bool> RecordDirectAsync(RunOutcome outcome, DeadLetteredRun? deadLetter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = Command(connection, transaction,
            $"""
             insert into worker.completed_runs ({OutcomeColumns})
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, false)
             on conflict do nothing
             """,
            outcome.Key.RunId, outcome.Key.Replay, outcome.Key.Attempt, outcome.JobId, outcome.JobType, outcome.Outcome.ToString(), outcome.Worker,
            outcome.ScheduledFor, DbValue(outcome.FiredAt), outcome.StartedAt, outcome.FinishedAt, DbValue(outcome.Error), outcome.TimedOut,
            DbValue(outcome.NextAttemptAt));
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (inserted && deadLetter is not null)
        {
            await using var keep = Command(connection, transaction,
                """
                insert into worker.dead_lettered_runs (run_id, replay, job_id, job_type, run, error, dead_lettered_at)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (run_id) do update set replay = excluded.replay, run = excluded.run, error = excluded.error,
                    dead_lettered_at = excluded.dead_lettered_at, replayed_at = null, replayed_as = null, replay_reason = null
                """,
                deadLetter.Run.RunId, deadLetter.Run.Replay, deadLetter.Run.JobId, deadLetter.Run.JobType,
                new NpgsqlParameter { Value = JsonSerializer.Serialize(deadLetter.Run, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb },
                deadLetter.Error, deadLetter.DeadLetteredAt);
            await keep.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    internal async Task MarkPublishedDirectAsync(RunKey key, string worker, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(BatchCommand("update worker.completed_runs set published = true where run_id = $1 and replay = $2 and attempt = $3",
            key.RunId, key.Replay, key.Attempt));
        batch.BatchCommands.Add(BatchCommand("delete from worker.run_leases where run_id = $1 and replay = $2 and attempt = $3 and worker = $4",
            key.RunId, key.Replay, key.Attempt, worker));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordCancellationAsync(RunCancellation cancellation, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "insert into worker.cancelled_runs (run_id, job_id, reason, cancelled_at) values ($1, $2, $3, $4) on conflict (run_id) do nothing");
        Add(command, cancellation.RunId, cancellation.JobId, cancellation.Reason, cancellation.CancelledAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RunCancellation?> FindCancellationAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select run_id, job_id, reason, cancelled_at from worker.cancelled_runs where run_id = $1");
        Add(command, runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCancellation(reader) : null;
    }

    public async Task<IReadOnlyList<DeadLetteredRun>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select run, error, dead_lettered_at, replayed_at, replayed_as, replay_reason from worker.dead_lettered_runs order by dead_lettered_at desc limit $1");
        Add(command, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<DeadLetteredRun>();
        while (await reader.ReadAsync(cancellationToken))
            list.Add(ReadDeadLetter(reader));
        return list;
    }

    public async Task<bool> MarkReplayedAsync(Guid runId, int replay, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            update worker.dead_lettered_runs set replayed_at = $3, replayed_as = $2, replay_reason = $4
            where run_id = $1 and replay < $2 and (replayed_as is null or replayed_as < $2)
            """);
        Add(command, runId, replay, at, reason);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> CleanupAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(BatchCommand("delete from worker.completed_runs where completed_at < $1", olderThan));
        batch.BatchCommands.Add(BatchCommand("delete from worker.run_leases where heartbeat_at < $1", olderThan));
        batch.BatchCommands.Add(BatchCommand("delete from worker.dead_lettered_runs where replayed_at < $1", olderThan));
        batch.BatchCommands.Add(BatchCommand("delete from worker.cancelled_runs where cancelled_at < $1", olderThan));
        return await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An outcome read from <see cref="OutcomeColumns"/> starting at column <paramref name="at"/>.</summary>
    internal static RunOutcome ReadOutcome(NpgsqlDataReader reader, int at = 0) => new()
    {
        Key = new RunKey(reader.GetGuid(at), reader.GetInt32(at + 1), reader.GetInt32(at + 2)),
        JobId = reader.GetGuid(at + 3),
        JobType = reader.GetString(at + 4),
        Outcome = Enum.Parse<RunOutcomeKind>(reader.GetString(at + 5)),
        Worker = reader.GetString(at + 6),
        ScheduledFor = reader.GetFieldValue<DateTimeOffset>(at + 7),
        FiredAt = reader.IsDBNull(at + 8) ? null : reader.GetFieldValue<DateTimeOffset>(at + 8),
        StartedAt = reader.GetFieldValue<DateTimeOffset>(at + 9),
        FinishedAt = reader.GetFieldValue<DateTimeOffset>(at + 10),
        Error = reader.IsDBNull(at + 11) ? null : reader.GetString(at + 11),
        TimedOut = reader.GetBoolean(at + 12),
        NextAttemptAt = reader.IsDBNull(at + 13) ? null : reader.GetFieldValue<DateTimeOffset>(at + 13),
        Published = reader.GetBoolean(at + 14),
    };

    /// <summary>A cancellation read from (run_id, job_id, reason, cancelled_at) starting at column <paramref name="at"/>.</summary>
    internal static RunCancellation ReadCancellation(NpgsqlDataReader reader, int at = 0) => new()
    {
        RunId = reader.GetGuid(at),
        JobId = reader.GetGuid(at + 1),
        Reason = reader.GetString(at + 2),
        CancelledAt = reader.GetFieldValue<DateTimeOffset>(at + 3),
    };

    static DeadLetteredRun ReadDeadLetter(NpgsqlDataReader reader) => new()
    {
        Run = JsonSerializer.Deserialize<ExecuteJobRun>(reader.GetString(0), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("A dead-lettered run without its message"),
        Error = reader.GetString(1),
        DeadLetteredAt = reader.GetFieldValue<DateTimeOffset>(2),
        ReplayedAt = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        ReplayedAs = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        ReplayReason = reader.IsDBNull(5) ? null : reader.GetString(5),
    };

    static object DbValue<T>(T? value) => value is null ? DBNull.Value : value;

    static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        Add(command, values);
        return command;
    }

    static NpgsqlBatchCommand BatchCommand(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(Parameter(value));
        return command;
    }

    static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
            command.Parameters.Add(Parameter(value));
    }

    /// <summary>Npgsql writes only UTC instants to timestamptz.</summary>
    static NpgsqlParameter Parameter(object value) => value switch
    {
        NpgsqlParameter parameter => parameter,
        DateTimeOffset instant => new NpgsqlParameter { Value = instant.ToUniversalTime() },
        _ => new NpgsqlParameter { Value = value },
    };
}
