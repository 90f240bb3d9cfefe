using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Contracts;

namespace Platform.Triggers;

/// <summary>Claims occurrences due within the lookahead for one engine instance: unclaimed (or expired) triggers, earliest
/// first, <c>FOR UPDATE SKIP LOCKED</c> so instances never claim the same ones, each with a lease.</summary>
internal sealed partial class TriggerClaims<TDbContext>(TriggerEngineOptions options, string instance, ILogger logger)
    where TDbContext : DbContext
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<List<Claimed>> ClaimAsync(TDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = TriggerTables<TDbContext>.Triggers(db);
        var sql = $"""
            with candidates as (
                select job_id from {table}
                where state = 'Scheduled' and next_fire_at <= @horizon and (claimed_by is null or claim_expires_at < @now)
                order by next_fire_at
                limit @batch
                for update skip locked)
            update {table} t set claimed_by = @me, claim_expires_at = @expires
            from candidates c where t.job_id = c.job_id
            returning t.job_id, t.version, t.trigger, t.anchor, t.misfire, t.max_runs, t.fire_count, t.next_fire_at, t.trace_parent, t.trace_state
            """;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", (now + options.Lookahead).UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
        command.Parameters.Add(new NpgsqlParameter<int>("batch", options.ClaimBatchSize));
        command.Parameters.Add(new NpgsqlParameter<string>("me", instance));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("expires", (now + options.Lease).UtcDateTime));

        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var jobId = reader.GetGuid(0);
            try
            {
                var trigger = JsonSerializer.Deserialize<JobTrigger>(reader.GetString(2), Json) ?? throw new InvalidOperationException("empty trigger");
                claimed.Add(new Claimed(jobId, reader.GetInt32(1), Enum.Parse<MisfirePolicy>(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetInt32(6),
                    new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero),
                    StoredTimes.Of(trigger, new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero)),
                    reader.IsDBNull(8) ? default : Scheduling(reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)),
                    trigger.Kind == TriggerKind.Once));
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
            {
                using (logger.BeginJobScope(jobId))
                    LogUnreadableTrigger(exception, jobId);
            }
        }

        return claimed;
    }

    /// <summary>A stored trace context; one that cannot be read is left out (the fire then starts a trace without a link).</summary>
    static ActivityContext Scheduling(string parent, string? state) =>
        ActivityContext.TryParse(parent, state, isRemote: true, out var context) ? context : default;

    [LoggerMessage(Level = LogLevel.Error, Message = "Trigger of job {JobId} cannot be read; it is left claimed and not fired")]
    partial void LogUnreadableTrigger(Exception exception, Guid jobId);
}
