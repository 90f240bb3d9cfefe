using Npgsql;
using NpgsqlTypes;

namespace Platform.Worker.Ledger;

/// <summary>
/// The ledger's hot operations of many concurrent deliveries in one round trip (one implicit transaction): claims,
/// plain outcomes (dead letters go one by one: they also keep the run for replay) and published marks. Each operation's
/// answer is the one it would have had alone.
/// </summary>
internal static class LedgerBatch
{
    internal const string FinalOutcomes = "('Succeeded', 'DeadLettered', 'Cancelled')";

    public sealed record Claim(RunKey Key, string Worker, DateTimeOffset Now, DateTimeOffset ExpiredBefore);

    public sealed record Published(RunKey Key, string Worker);

    /// <summary>Adds the statements of <paramref name="claims"/> (distinct keys, one lease timeout) to
    /// <paramref name="batch"/>: the live leases, the ended attempts, the cancelled runs, and the leases taken.</summary>
    public static void AddClaims(NpgsqlBatch batch, IReadOnlyList<Claim> claims)
    {
        var runIds = claims.Select(c => c.Key.RunId).ToArray();
        var replays = claims.Select(c => c.Key.Replay).ToArray();
        var attempts = claims.Select(c => c.Key.Attempt).ToArray();
        var expired = claims.Select(c => c.ExpiredBefore.UtcDateTime).ToArray();
        const string keys = "unnest($1::uuid[], $2::int[], $3::int[]) with ordinality as k(run_id, replay, attempt, i)";
        batch.BatchCommands.Add(Command(
            """
            select k.i, l.worker, l.heartbeat_at
            from unnest($1::uuid[], $2::int[], $3::int[], $4::timestamptz[]) with ordinality as k(run_id, replay, attempt, expired, i)
            join worker.run_leases l on l.run_id = k.run_id and l.replay = k.replay and l.attempt = k.attempt and l.heartbeat_at >= k.expired
            """, runIds, replays, attempts, expired));
        batch.BatchCommands.Add(Command(
            $"""
             select distinct on (k.i) k.i, {PostgresRunLedger.OutcomeColumnsOf("c")}
             from {keys}
             join worker.completed_runs c on c.run_id = k.run_id and c.replay = k.replay and (c.attempt = k.attempt or c.outcome in {FinalOutcomes})
             order by k.i, c.attempt desc
             """, runIds, replays, attempts));
        batch.BatchCommands.Add(Command(
            """
            select k.i, x.run_id, x.job_id, x.reason, x.cancelled_at
            from unnest($1::uuid[]) with ordinality as k(run_id, i) join worker.cancelled_runs x on x.run_id = k.run_id
            """, runIds));
        batch.BatchCommands.Add(Command(
            $"""
             insert into worker.run_leases (run_id, replay, attempt, worker, claimed_at, heartbeat_at)
             select k.run_id, k.replay, k.attempt, k.worker, k.now, k.now
             from unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::timestamptz[]) as k(run_id, replay, attempt, worker, now)
             where not exists (select 1 from worker.completed_runs c
                               where c.run_id = k.run_id and c.replay = k.replay and (c.attempt = k.attempt or c.outcome in {FinalOutcomes}))
               and not exists (select 1 from worker.cancelled_runs x where x.run_id = k.run_id)
             on conflict (run_id, replay, attempt) do update set worker = excluded.worker, claimed_at = excluded.claimed_at, heartbeat_at = excluded.heartbeat_at
             where worker.run_leases.heartbeat_at < excluded.claimed_at - $6::interval
             returning run_id, replay, attempt
             """, runIds, replays, attempts, claims.Select(c => c.Worker).ToArray(), claims.Select(c => c.Now.UtcDateTime).ToArray(),
            claims[0].Now - claims[0].ExpiredBefore));
    }

    /// <summary>Reads the answers of <see cref="AddClaims"/>'s statements, in order.</summary>
    public static async Task<RunClaim[]> ReadClaimsAsync(NpgsqlDataReader reader, IReadOnlyList<Claim> claims, CancellationToken cancellationToken)
    {
        var answers = new RunClaim?[claims.Count];
        while (await reader.ReadAsync(cancellationToken))
            answers[reader.GetInt64(0) - 1] = new RunClaim.Held(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            answers[reader.GetInt64(0) - 1] ??= new RunClaim.Done(PostgresRunLedger.ReadOutcome(reader, 1));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            answers[reader.GetInt64(0) - 1] ??= new RunClaim.Cancelled(PostgresRunLedger.ReadCancellation(reader, 1));
        await reader.NextResultAsync(cancellationToken);
        var taken = new HashSet<RunKey>();
        while (await reader.ReadAsync(cancellationToken))
            taken.Add(new RunKey(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2)));
        return claims.Select((claim, i) => answers[i]
                ?? (taken.Contains(claim.Key) ? new RunClaim.Claimed() : new RunClaim.Held("(another worker, just now)", claim.Now)))
            .ToArray();
    }

    /// <summary>Adds the insert of <paramref name="outcomes"/> (no dead letters) to <paramref name="batch"/>; it returns the
    /// keys that were recorded now (not before).</summary>
    public static void AddOutcomes(NpgsqlBatch batch, IReadOnlyList<RunOutcome> outcomes) =>
        batch.BatchCommands.Add(Command(
            $"""
             insert into worker.completed_runs ({PostgresRunLedger.OutcomeColumns})
             select *, false from unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
                 $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::boolean[], $14::timestamptz[])
             on conflict do nothing
             returning run_id, replay, attempt
             """,
            outcomes.Select(o => o.Key.RunId).ToArray(), outcomes.Select(o => o.Key.Replay).ToArray(), outcomes.Select(o => o.Key.Attempt).ToArray(),
            outcomes.Select(o => o.JobId).ToArray(), outcomes.Select(o => o.JobType).ToArray(), outcomes.Select(o => o.Outcome.ToString()).ToArray(),
            outcomes.Select(o => o.Worker).ToArray(), outcomes.Select(o => o.ScheduledFor.UtcDateTime).ToArray(),
            Nullable(outcomes.Select(o => o.FiredAt)), outcomes.Select(o => o.StartedAt.UtcDateTime).ToArray(),
            outcomes.Select(o => o.FinishedAt.UtcDateTime).ToArray(), outcomes.Select(o => o.Error).ToArray(), outcomes.Select(o => o.TimedOut).ToArray(),
            Nullable(outcomes.Select(o => o.NextAttemptAt))));

    public static async Task<bool[]> ReadOutcomesAsync(NpgsqlDataReader reader, IReadOnlyList<RunOutcome> outcomes, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<RunKey>();
        while (await reader.ReadAsync(cancellationToken))
            recorded.Add(new RunKey(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2)));
        // Two outcomes of one attempt in one batch: the first is the one recorded.
        return outcomes.Select(o => recorded.Remove(o.Key)).ToArray();
    }

    /// <summary>Adds the published marks (and the release of the leases) to <paramref name="batch"/>.</summary>
    public static void AddPublished(NpgsqlBatch batch, IReadOnlyList<Published> marks)
    {
        var runIds = marks.Select(m => m.Key.RunId).ToArray();
        var replays = marks.Select(m => m.Key.Replay).ToArray();
        var attempts = marks.Select(m => m.Key.Attempt).ToArray();
        batch.BatchCommands.Add(Command(
            """
            update worker.completed_runs c set published = true
            from unnest($1::uuid[], $2::int[], $3::int[]) as k(run_id, replay, attempt)
            where c.run_id = k.run_id and c.replay = k.replay and c.attempt = k.attempt
            """, runIds, replays, attempts));
        batch.BatchCommands.Add(Command(
            """
            delete from worker.run_leases l
            using unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) as k(run_id, replay, attempt, worker)
            where l.run_id = k.run_id and l.replay = k.replay and l.attempt = k.attempt and l.worker = k.worker
            """, runIds, replays, attempts, marks.Select(m => m.Worker).ToArray()));
    }

    static DateTime?[] Nullable(IEnumerable<DateTimeOffset?> instants) => instants.Select(i => i?.UtcDateTime).ToArray();

    static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                DateTime?[] nullable => new NpgsqlParameter { Value = nullable.Select(v => v is { } d ? (object)d : DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                DateTime[] instants => new NpgsqlParameter { Value = instants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                string?[] texts => new NpgsqlParameter { Value = texts.Select(t => (object?)t ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                _ => new NpgsqlParameter { Value = value },
            });
        }

        return command;
    }
}
